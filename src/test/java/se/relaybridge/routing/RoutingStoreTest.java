package se.relaybridge.routing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static se.relaybridge.routing.RoutingFixtures.QUEUES;
import static se.relaybridge.routing.RoutingFixtures.routingJson;

class RoutingStoreTest {

    @TempDir
    Path root;

    private ScheduledExecutorService timers;

    @AfterEach
    void stop() {
        if (timers != null) {
            timers.shutdownNow();
        }
    }

    private RoutingStore store() {
        return new RoutingStore(ConfigLocation.of(root), () -> QUEUES);
    }

    @Test
    void anInvalidFileAtStartFailsWithItsProblems() throws IOException {
        RoutingFixtures.write(root, routingJson("").replace("\"q03\"", "\"x\"").replace("\"q04\"", "\"y\""));

        assertThatThrownBy(this::store).isInstanceOf(ConfigProblem.class)
                .hasMessageStartingWith("sip-config/routing.json: regions[1].queue: 'x' is not one of the queues")
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    }

    @Test
    void aMissingFileAtStartFails() {
        assertThatThrownBy(this::store).hasMessage("sip-config/routing.json: (file): does not exist");
    }

    @Test
    void aBrokenFileOnReloadKeepsThePreviousTable() throws IOException {
        RoutingFixtures.write(root, routingJson(""));
        RoutingStore store = store();
        RoutingTable before = store.current();

        RoutingFixtures.write(root, routingJson("").replace("\"+4631\", \"lan\": \"14\"", "\"+4631\", \"lan\": \"99\""));
        RoutingStore.Reload reload = store.reload();

        assertThat(reload.changed()).isFalse();
        assertThat(reload.problems()).extracting(ConfigProblem::getMessage)
                .containsExactly("sip-config/routing.json: areaCodes[11].lan: '99' is not a län code (01, 03–10, 12–14, 17–25)");
        assertThat(store.current()).isSameAs(before);
    }

    @Test
    void aValidChangeIsInForceAfterReload() throws IOException {
        RoutingFixtures.write(root, routingJson(""));
        RoutingStore store = store();

        RoutingFixtures.write(root, routingJson("").replace("\"lan\": \"14\", \"queue\": \"q14\"", "\"lan\": \"14\", \"queue\": \"national\""));
        RoutingStore.Reload reload = store.reload();

        assertThat(reload.changed()).isTrue();
        assertThat(store.current().region("14")).map(Region::queue).hasValue("national");
        assertThat(store.reload().changed()).isFalse();
    }

    @Test
    void theWatcherReloadsAChangedFile() throws IOException {
        Path file = RoutingFixtures.write(root, routingJson(""));
        RoutingStore store = store();
        timers = Executors.newSingleThreadScheduledExecutor();
        store.startWatching(timers, Duration.ofMillis(20));

        RoutingFixtures.write(root, routingJson("").replace("\"nationalQueue\": \"national\"", "\"nationalQueue\": \"q01\""));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        await().atMost(Duration.ofSeconds(5)).until(() -> store.current().nationalQueue().equals("q01"));
        store.stopWatching();
    }
}
