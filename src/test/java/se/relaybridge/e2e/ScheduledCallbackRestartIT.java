package se.relaybridge.e2e;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.relaybridge.admin.PasswordHash;
import se.relaybridge.sipp.Scenario;
import se.relaybridge.sipp.SipText;
import se.relaybridge.sipp.SippPeer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 7, acceptance 2, with the README's run command: a callback scheduled through the admin API survives a restart
 * of relaybridge between its creation and its due time, and then fires by itself. The microbundle runs in a working
 * folder of its own (its H2 records file there), with the shipped configuration plus an ops login and the
 * texttelefoni callback trunk pointed at SIPp.
 */
class ScheduledCallbackRestartIT implements SippCalls {

    private static final URI READY = URI.create("http://127.0.0.1:8080/health/ready");
    private static final int CALLBACK_TRUNK_PORT = 5390;
    private static final String NURSE = "127.0.0.60";
    private static final int NURSE_PORT = 5395;
    private static final String OPS_PASSWORD = "ops-restart-password";
    /** Long enough for a start of the microbundle (about 10 s here) with room to spare, short enough for CI. */
    private static final Duration DUE_IN = Duration.ofSeconds(45);

    @TempDir
    Path workingDir;
    @TempDir
    Path configDir;
    private Process process;

    @Override
    public String relaybridge() {
        return "127.0.0.1:5060";
    }

    @Override
    public int queuePort() {
        return 5070;
    }

    @Override
    public int activeCalls() {
        return Health.fetch(READY).activeCalls();
    }

    @AfterEach
    void stop() throws InterruptedException {
        stopRelaybridge();
    }

    @Test
    void aCallbackScheduledThroughTheApiFiresAfterARestart() throws Exception {
        writeConfiguration();
        startRelaybridge("first");
        String callId = relayCallId();
        Instant due = Instant.now().plus(DUE_IN);
        AdminClient.Reply created = ops().post("callbacks", "{\"callId\": \"" + callId + "\", \"at\": \"" + due
                + "\", \"nurseUri\": \"sip:nurse-7@" + NURSE + ":" + NURSE_PORT + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().getString("id");

        stopRelaybridge();
        startRelaybridge("second");
        assertThat(Instant.now()).as("relaybridge must be back before the callback is due").isBefore(due);
        JsonObject pending = ops().get("callbacks/" + id).json();
        assertThat(pending.getString("state")).as(pending.toString()).isEqualTo("pending");
        assertThat(pending.getJsonArray("attempts")).isEmpty();

        SippPeer nurse = SippPeer.uas(Scenario.of("nurse_uas_delayed_offer.xml").withSdpBody("OFFER_BODY",
                "sdp_nurse_offer.txt").with("ANSWER_PORT", "[1-9][0-9]*").withFragment("HANGUP_BLOCK", "uas_sends_bye"),
                NURSE, NURSE_PORT, DUE_IN.plus(CALL_LIMIT));
        SippPeer trunk = SippPeer.uas(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "receives_bye"),
                TEXT_RELAY_TRUNK, CALLBACK_TRUNK_PORT, DUE_IN.plus(CALL_LIMIT), "udp");
        assertThat(nurse.awaitExit(DUE_IN.plus(CALL_LIMIT))).as("nurse" + nurse.report()).isZero();
        assertThat(trunk.awaitExit(CALL_LIMIT)).as("callback trunk" + trunk.report()).isZero();
        assertThat(nurse.received("INVITE").header("X-Relay-Call-Id")).hasValue(callId);
        assertThat(trunk.received("INVITE").startLine()).startsWith("INVITE sip:+46812345678@127.0.0.11:" + CALLBACK_TRUNK_PORT);
        assertThat(nurse.received("ACK").body()).as("the person's side's answer").contains("m=text 51374");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(ops().get("callbacks/" + id).json().getString("state")).isEqualTo("done"));
        assertThat(ops().get("callbacks/" + id).json().getJsonArray("attempts").getJsonObject(0).getString("outcome"))
                .isEqualTo("connected");
    }

    /** A text relay call through relaybridge to the shipped queue target: its call id is what a callback names. */
    private String relayCallId() {
        SippPeer queue = queue(Scenario.of("queue_uas_answer.xml").withFragment("HANGUP_BLOCK", "uas_sends_bye"));
        SippPeer relay = relay(TEXT_RELAY_TRUNK, Scenario.of("relay_uac_call.xml").withFragment("HANGUP_BLOCK", "receives_bye"));
        assertCompleted(relay, queue);
        SipText invite = queue.received("INVITE");
        return invite.header("X-Relay-Call-Id").orElseThrow();
    }

    private void writeConfiguration() throws IOException {
        ShippedConfig.copyTo(configDir);
        Path texttelefoni = configDir.resolve("relay-profiles/texttelefoni.json");
        Files.writeString(texttelefoni, Files.readString(texttelefoni).replace(
                "sip:{number}@callback.texttelefoni.example", "sip:{number}@127.0.0.11:" + CALLBACK_TRUNK_PORT));
        Files.writeString(configDir.resolve("sip-config/admin.json"), """
                { "users": [ { "name": "ops", "role": "ops", "passwordHash": "%s" } ] }
                """.formatted(PasswordHash.create(OPS_PASSWORD.toCharArray(), 10_000)));
    }

    private void startRelaybridge(String run) throws IOException {
        Path bundle = Path.of(System.getProperty("relaybridge.microbundle")).toAbsolutePath();
        Path log = Path.of("target/microbundle-restart-" + run + ".log").toAbsolutePath();
        process = new ProcessBuilder(List.of("java", "-Drelaybridge.config.dir=" + configDir, "-jar", bundle.toString()))
                .directory(workingDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> process.isAlive() && Health.fetch(READY).status() == 200);
    }

    private void stopRelaybridge() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    private static AdminClient ops() {
        try {
            return AdminClient.anonymous(new URL("http://127.0.0.1:8080/")).as("ops", OPS_PASSWORD);
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
