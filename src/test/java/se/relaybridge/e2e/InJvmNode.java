package se.relaybridge.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * relaybridge started in this JVM for one test class, on the class's own ports: a configuration folder like the
 * shipped one ({@link TestConfig}) with the class's queue as the only target, written before the start and removed
 * after the class. Registered as {@code @RegisterExtension static final InJvmNode node = InJvmNode.on(…)}.
 */
final class InJvmNode implements BeforeAllCallback, AfterAllCallback {

    /** A change to the configuration folder before relaybridge reads it. */
    @FunctionalInterface
    interface ConfigEdit {
        void apply(Path root) throws Exception;
    }

    /** Something to do with the started node before the first test, e.g. watching its calls. */
    @FunctionalInterface
    interface StartHook {
        void started(RunningB2bua node) throws Exception;
    }

    private final int sipPort;
    private final int queuePort;
    private String moreSipJson = "";
    private ConfigEdit edit = root -> { };
    private StartHook hook = node -> { };
    private Path root;
    private RunningB2bua running;

    private InJvmNode(int sipPort, int queuePort) {
        this.sipPort = sipPort;
        this.queuePort = queuePort;
    }

    static InJvmNode on(int sipPort, int queuePort) {
        return new InJvmNode(sipPort, queuePort);
    }

    /** More sip.json fields (see {@link TestConfig#writeWithSipJson}). */
    InJvmNode withSipJson(String fields) {
        this.moreSipJson = fields;
        return this;
    }

    InJvmNode withConfig(ConfigEdit edit) {
        this.edit = edit;
        return this;
    }

    InJvmNode onStart(StartHook hook) {
        this.hook = hook;
        return this;
    }

    RunningB2bua running() {
        if (running == null) {
            throw new IllegalStateException("relaybridge is not running: register the InJvmNode as a static extension");
        }
        return running;
    }

    Path configRoot() {
        return root;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        root = Files.createTempDirectory("relaybridge-" + context.getRequiredTestClass().getSimpleName());
        TestConfig.writeWithSipJson(root, sipPort, moreSipJson, "sip:1177@127.0.0.1:" + queuePort);
        edit.apply(root);
        running = new RunningB2bua(root, sipPort, queuePort);
        hook.started(running);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (running != null) {
            running.close();
            running = null;
        }
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
