package se.relaybridge.e2e;

import se.relaybridge.routing.TargetHealth;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/** SIPp scenarios against a relaybridge started in this JVM: its address and call count come from it. */
interface InJvmCalls extends SippCalls {

    RunningB2bua running();

    @Override
    default String relaybridge() {
        return "127.0.0.1:" + running().sipPort();
    }

    @Override
    default int queuePort() {
        return running().queuePort();
    }

    /** Until a ping sent after the target on {@code port} started has been answered (none when pings are off). */
    @Override
    default void awaitAnswering(int port) {
        se.relaybridge.call.B2bua b2bua = running().b2bua();
        if (!b2bua.queues().failover().pings()) {
            return;
        }
        TargetHealth health = b2bua.targetHealth();
        Map<String, TargetHealth.Status> before = b2bua.queues().allTargets().stream()
                .filter(t -> t.matches(".*:" + port + "(;.*)?")).collect(Collectors.toMap(t -> t, health::get));
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> before.entrySet().stream()
                .allMatch(e -> health.get(e.getKey()) != e.getValue() && health.state(e.getKey()) == TargetHealth.State.UP));
    }

    @Override
    default int activeCalls() {
        return running().b2bua().registry().size();
    }
}
