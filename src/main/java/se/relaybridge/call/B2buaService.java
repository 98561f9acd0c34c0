package se.relaybridge.call;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.demo.DemoMode;

import javax.sip.SipException;
import java.time.Clock;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the B2BUA when the application is deployed and stops it when it is undeployed. If it cannot start
 * (a configuration problem, the SIP port taken) the microbundle's process ends with the reason as its last words;
 * a WAR in a server of its own stays deployed with SIP closed, readiness DOWN and the reason in the log (see
 * {@link StartRefusal}).
 */
@ApplicationScoped
public class B2buaService {

    private static final Logger LOG = Logger.getLogger(B2buaService.class.getName());

    // Threads from the server's factory carry the application's context from their start. A ManagedExecutorService
    // would capture that context again for every task — measured at a sixth of the CPU at 500 calls/s
    // (class-loader resource look-ups in ContextSetupProviderImpl.saveContext) — and a call runs several tasks.
    @Resource
    ManagedThreadFactory threadFactory;

    private ThreadPoolExecutor executor;

    @Inject
    Event<B2buaStarted> started;

    // the call records and the audit trail: asked before SIP listens, so that the first call is recorded too
    @Inject
    @Any
    Instance<EngineContributor> contributors;

    private volatile B2bua b2bua;
    private volatile DemoMode demo = DemoMode.off();
    private volatile String startupProblem;
    private Thread shutdownHook;

    void onDeploy(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
            // unbounded: a call's events are never dropped; the SIP stack's own limits bound the work in flight
            executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                    threadFactory);
            ConfigLocation location = ConfigLocation.resolve();
            // every file of the configuration is checked before anything listens (docs/configuration.md)
            StartupFiles.check(location);
            EngineParts parts = EngineParts.inMemory();
            contributors.forEach(contributor -> contributor.contribute(parts));
            // the board and the metrics see the engine before the first message is read
            b2bua = B2bua.start(location, executor, Clock.systemUTC(), parts,
                    assembled -> started.fire(new B2buaStarted(assembled)));
        } catch (ConfigProblem e) {
            refuse(e);
        } catch (SipException | RuntimeException e) {
            LOG.log(Level.SEVERE, "relaybridge cannot start SIP", e);
            refuse(e);
        }
        if (b2bua != null) {
            demo = DemoMode.startIfSwitchedOn(b2bua);
            watchForShutdown();
        }
    }

    /**
     * Payara Micro may end the process on SIGTERM without destroying this bean: a JVM shutdown hook ends every call
     * on both legs and writes their records first. Payara's own undeploy, if it comes, waits for it in
     * {@link B2bua#stop()} (docs/availability.md).
     */
    private void watchForShutdown() {
        B2bua running = b2bua;
        shutdownHook = new Thread(() -> {
            if (demo.running()) {
                demo.stop();
            }
            running.stop();
        }, "relaybridge-shutdown");
        shutdownHook.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void refuse(Exception e) {
        java.util.List<String> reasons = StartRefusal.reasons(e);
        startupProblem = String.join("; ", reasons);
        reasons.forEach(reason -> LOG.severe("relaybridge cannot start: " + reason));
        if (StartRefusal.exitsTheProcess()) {
            StartRefusal.exitProcess(StartRefusal.exitStatus(e), reasons);
        }
    }

    @PreDestroy
    void onUndeploy() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs already; the stop below waits for it
            }
            shutdownHook = null;
        }
        // each step on its own: a failure in one must never leave the SIP port bound for the next deployment
        try {
            // only a demo that runs: Payara may refuse to load a class for the first time while undeploying
            if (demo.running()) {
                demo.stop();
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.SEVERE, "demo mode did not stop cleanly", e);
        }
        if (b2bua != null) {
            b2bua.stop();
            b2bua = null;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /**
     * Stops relaybridge as a stop signal does — new calls refused, confirmed calls handed over in a cluster, the
     * rest ended — on a thread of its own, then ends a microbundle's process (its supervisor starts it again; a WAR
     * in a server of its own stays deployed with SIP closed).
     */
    public void drainAndExit() {
        Thread drain = new Thread(() -> {
            B2bua running = b2bua;
            if (running != null) {
                running.stop();
            }
            if (StartRefusal.exitsTheProcess()) {
                System.exit(0);
            }
        }, "relaybridge-drain");
        drain.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        drain.start();
    }

    public boolean isListening() {
        return b2bua != null && b2bua.isListening();
    }

    public String startupProblem() {
        return startupProblem;
    }

    public int activeCalls() {
        return b2bua == null ? 0 : b2bua.registry().size();
    }

    /** The running B2BUA, or empty when it did not start (see {@link #startupProblem()}) or has stopped. */
    public java.util.Optional<B2bua> running() {
        return java.util.Optional.ofNullable(b2bua);
    }

    /** The leak sweep's view right now; empty before the SIP side started. */
    public java.util.Optional<LeakReport> leakReport() {
        B2bua running = b2bua;
        return running == null ? java.util.Optional.empty() : java.util.Optional.of(running.leakReport());
    }
}
