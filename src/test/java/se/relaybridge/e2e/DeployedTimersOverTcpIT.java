package se.relaybridge.e2e;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

import jakarta.json.JsonObject;

import java.io.File;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The session timer and TCP scenarios against the real WAR in Payara Micro, started with
 * {@code -Drelaybridge.config.dir} pointing at the second test configuration. Call outcomes are read back as an
 * operator would, from the call records of the admin API (a viewer login, a records database of this
 * configuration's own), so a session-timer teardown is proven by its record too, not only on SIP.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DeployedTimersOverTcpIT implements SessionTimerScenarios, TcpScenarios {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    @TargetsContainer("payara-micro-timers-tcp")
    static WebArchive war() {
        TimersOverTcpConfig.write(TimersOverTcpConfig.DEPLOYED_DIR, TimersOverTcpConfig.SIP_PORT, TimersOverTcpConfig.QUEUE_PORT);
        AdminConfig.writeLoginsAndDatabase(TimersOverTcpConfig.DEPLOYED_DIR);
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("relaybridge.war")));
    }

    /** Call ids recorded before the last {@link #forgetOutcomes()}. */
    private final Set<String> recordedBefore = new HashSet<>();

    /**
     * The outcomes of the calls recorded since {@link #forgetOutcomes()}, oldest first, once none is in progress and
     * at least one is there (records are written behind the calls, so the SIP end may come first). Each record that
     * ended by relaybridge's session timer must also say that relaybridge hung up.
     */
    @Override
    public Optional<List<String>> outcomes() {
        List<JsonObject> ended = await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(this::recordedSinceForgotten, records -> !records.isEmpty()
                        && records.stream().noneMatch(r -> r.getString("state").equals("in-progress")));
        assertThat(ended).filteredOn(r -> r.getString("outcome").startsWith("failed:session-timer"))
                .allSatisfy(r -> {
                    assertThat(r.getString("hungUpBy")).isEqualTo("relaybridge");
                    assertThat(r.isNull("endedAt")).as("endedAt of " + r).isFalse();
                });
        return Optional.of(ended.stream().map(r -> r.getString("outcome")).toList());
    }

    @Override
    public void forgetOutcomes() {
        recordedBefore.clear();
        recordedBefore.addAll(records().stream().map(r -> r.getString("callId")).toList());
    }

    private List<JsonObject> recordedSinceForgotten() {
        List<JsonObject> all = new ArrayList<>(records());
        Collections.reverse(all);
        return all.stream().filter(r -> !recordedBefore.contains(r.getString("callId"))).toList();
    }

    /** The newest records first, as the admin API pages them (the suite makes far fewer than a page). */
    private List<JsonObject> records() {
        AdminClient.Reply page = AdminClient.anonymous(base).as(AdminConfig.VIEWER, AdminConfig.VIEWER_PASSWORD)
                .get("records?size=200");
        assertThat(page.status()).as("records: " + page.body()).isEqualTo(200);
        return page.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    @Override
    public String relaybridge() {
        return "127.0.0.1:" + TimersOverTcpConfig.SIP_PORT;
    }


    @Override
    public void awaitAnswering(int port) {
        Health.awaitTargetAnswering(base, TimersOverTcpConfig.DEPLOYED_DIR.resolve("sip-config/queues.json"), port, Duration.ofSeconds(1));
    }

    @Override
    public int queuePort() {
        return TimersOverTcpConfig.QUEUE_PORT;
    }

    @Override
    public String queueTransport() {
        return "tcp";
    }

    @Override
    public int activeCalls() {
        return Health.ready(base).activeCalls();
    }
}
