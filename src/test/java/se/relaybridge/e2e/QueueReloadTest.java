package se.relaybridge.e2e;

import se.relaybridge.call.EngineParts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.config.ConfigChange;
import se.relaybridge.routing.QueueStore;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SippPeer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 row 5 while running: {@code queues.json} is watched like the relay profiles (configWatchSeconds 1 here) and
 * reloaded on request; a broken edit is refused by file and field, audited, and the queues in force keep serving
 * calls; a good edit is taken by new calls while a call in progress keeps the targets it started with. relaybridge in
 * this JVM on 33200, the text relay trunk SIPp on 127.0.0.11:33201, queue targets on 33210, 33212 and 33214.
 */
class QueueReloadTest implements InJvmCalls {

    private static final int SIP_PORT = 33200;
    private static final int RELAY_PORT = 33201;

    @TempDir
    Path configRoot;
    private RunningB2bua relaybridge;
    private final List<ConfigChange> audited = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (relaybridge != null) {
            relaybridge.close();
        }
    }

    @Test
    void aBrokenEditIsRefusedByFileAndFieldAuditedAndTheQueuesInForceKeepServingCalls() throws Exception {
        start(4, target(33210));
        String good = Files.readString(queuesJson());

        Files.writeString(queuesJson(), good.replace("\"retryAfterSeconds\"", "\"retryAfterSecond\"")
                .replace(target(33210), "http://queue.example"));

        ConfigChange refusal = await().atMost(Duration.ofSeconds(10)).until(() -> audited.stream()
                .filter(c -> c.action().equals("refused")).findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertThat(refusal.who()).isEqualTo(ConfigChange.FILE_WATCH);
        assertThat(refusal.subject()).isEqualTo("queues");
        assertThat(refusal.problems()).isEqualTo("""
                sip-config/queues.json: retryAfterSecond: unknown field (known: defaultQueue, setupTimeoutSeconds, \
                retryAfterSeconds, ping, queues)
                sip-config/queues.json: queues[0].targets[0]: 'http://queue.example' is not a sip: URI with a host""");
        assertThat(refusal.before()).isEqualTo(good);
        assertThat(refusal.after()).contains("http://queue.example");
        assertThat(relaybridge.b2bua().queues().defaultQueueSpec().targets()).containsExactly(target(33210));
        SippPeer queue = queueTarget(answers(), 33210);
        assertCompleted(relayCall(), queue);

        QueueStore.Reload onRequest = relaybridge.b2bua().reloadQueues("ops");
        assertThat(onRequest.changed()).isFalse();
        assertThat(onRequest.problems()).extracting(p -> p.field()).containsExactly("retryAfterSecond", "queues[0].targets[0]");
        assertThat(audited).filteredOn(c -> c.who().equals("ops")).singleElement()
                .satisfies(c -> assertThat(c.action()).isEqualTo("refused"));

        // a queue routing.json sends calls to may not disappear with an edit of queues.json alone
        Files.writeString(queuesJson(), good.replace("\"id\": \"nurse\"", "\"id\": \"evening\"")
                .replace("\"defaultQueue\": \"nurse\"", "\"defaultQueue\": \"evening\""));
        assertThat(relaybridge.b2bua().reloadQueues("ops").problems()).extracting(Throwable::getMessage).containsExactly(
                "sip-config/queues.json: queues: queue 'nurse' is one routing.json sends calls to; change routing.json first");
        assertThat(relaybridge.b2bua().queues().queues()).containsOnlyKeys("nurse");
        assertNoCallLeft();
    }

    @Test
    void aGoodEditIsTakenByNewCallsWhileACallInProgressKeepsTheTargetsItStartedWith() throws Exception {
        start(3, target(33210), target(33212));
        SippPeer silent = queueTarget(Scenario.of("queue_uas_silent.xml").with("SILENCE_MILLISECONDS", "20000"), 33210);
        SippPeer second = queueTarget(answers(), 33212);
        SippPeer inProgress = relayCall();
        await().atMost(Duration.ofSeconds(10)).until(() -> silent.messages().contains("INVITE sip:"));

        Files.writeString(queuesJson(), Files.readString(queuesJson()).replace(
                "\"" + target(33210) + "\", \"" + target(33212) + "\"", "\"" + target(33214) + "\""));
        ConfigChange taken = await().atMost(Duration.ofSeconds(10)).until(() -> audited.stream()
                .filter(c -> c.action().equals("reload")).findFirst(), java.util.Optional::isPresent).orElseThrow();
        assertThat(taken.who()).isEqualTo(ConfigChange.FILE_WATCH);
        assertThat(taken.before()).contains(target(33212));
        assertThat(taken.after()).contains(target(33214)).doesNotContain(target(33212));

        assertCompleted(inProgress, second);
        silent.kill();
        SippPeer newTarget = queueTarget(answers(), 33214);
        assertCompleted(relayCall(), newTarget);
        assertNoCallLeft();
    }

    private void start(int setupTimeoutSeconds, String... targets) throws Exception {
        TestConfig.writeWithSipJson(configRoot, SIP_PORT, "\"configWatchSeconds\": 1", targets);
        Files.writeString(queuesJson(), """
                { "defaultQueue": "nurse", "setupTimeoutSeconds": %d, "retryAfterSeconds": 30,
                  "ping": { "intervalSeconds": 0, "timeoutSeconds": 1 },
                  "queues": [ { "id": "nurse", "name": "test queue", "targets": ["%s"] } ] }
                """.formatted(setupTimeoutSeconds, String.join("\", \"", targets)));
        relaybridge = new RunningB2bua(configRoot, SIP_PORT, 33210, java.time.Clock.systemUTC(),
                EngineParts.inMemory().configChanges(audited::add));
    }

    private Path queuesJson() {
        return configRoot.resolve("sip-config/queues.json");
    }

    private static String target(int port) {
        return "sip:1177@127.0.0.1:" + port;
    }

    private SippPeer relayCall() {
        return SippPeer.uac(Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "uac_sends_bye"),
                TEXT_RELAY_TRUNK, RELAY_PORT, relaybridge(), CALL_LIMIT);
    }

    private static Scenario answers() {
        return Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye");
    }

    @Override
    public RunningB2bua running() {
        return relaybridge;
    }
}
