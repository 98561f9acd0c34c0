package se.relaybridge.record;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import se.relaybridge.call.B2bua;
import se.relaybridge.call.B2buaStarted;
import se.relaybridge.call.EngineContributor;
import se.relaybridge.call.EngineParts;
import se.relaybridge.cluster.ClusterNode;
import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens the call records when the application is deployed and closes them (after writing what is queued) when
 * it is undeployed. A database that cannot be opened does not stop the deployment: calls still go through,
 * readiness says the database is down, and {@link #problem()} says why.
 */
@ApplicationScoped
public class RecordsService implements EngineContributor {

    // whether other nodes of a cluster run: then the calls left in progress are not this node's to interrupt
    @Inject
    ClusterNode cluster;

    private static final Logger LOG = Logger.getLogger(RecordsService.class.getName());

    private volatile CallRecords records;
    private volatile String problem;
    private volatile B2bua b2bua;
    private static final java.time.Duration STOP_FLUSH = java.time.Duration.ofSeconds(15);

    void onDeploy(@Observes @Initialized(ApplicationScoped.class) Object event) {
        open();
    }

    /**
     * Every call of the B2BUA gets a record: an in-progress row when it is routed, the final one when it ends. Its
     * callback grants and scheduled callbacks go to the same database, so that they survive a restart.
     */
    @Override
    public void contribute(EngineParts parts) {
        open();
        records().ifPresent(open -> {
            CallRecordWatcher watcher = new CallRecordWatcher(open);
            parts.watch(watcher)
                    .answerJournal(watcher)
                    .callbackTokens(open.callbackTokens())
                    // pending scheduled callbacks are taken up when the engine starts: how they survive a restart
                    .scheduledCallbacks(open.scheduledCallbacks())
                    // a stop by SIGTERM may end the process before this bean is destroyed: the calls' last records
                    // are written when the B2BUA has ended them (docs/availability.md)
                    .afterStop(() -> open.flush(STOP_FLUSH));
        });
    }

    /** The running B2BUA, stopped before the records close. */
    void onB2buaStart(@Observes B2buaStarted started) {
        b2bua = started.b2bua();
    }

    // the B2BUA's start and the application's are told in no fixed order: whichever comes first opens
    private synchronized void open() {
        if (records != null || problem != null) {
            return;
        }
        try {
            DatabaseSettings settings = DatabaseSettings.load(ConfigLocation.resolve());
            CallRecords opened = cluster.othersRunning() ? CallRecords.openBesideRunningNodes(settings)
                    : CallRecords.open(settings);
            records = opened;
            LOG.info("call records: " + opened.description() + ", " + opened.interruptedAtStart()
                    + " interrupted at start");
        } catch (ConfigProblem e) {
            problem = e.getMessage();
            LOG.severe("call records cannot start: " + e.getMessage());
        } catch (RuntimeException e) {
            problem = e.getMessage();
            LOG.log(Level.SEVERE, "call records cannot start: " + e.getMessage(), e);
        }
    }

    @PreDestroy
    void onUndeploy() {
        // the calls' ends are records too: the B2BUA ends its calls first (CDI destroys beans in no fixed order;
        // the B2BUA's stop is idempotent and the second caller waits for the first)
        B2bua running = b2bua;
        if (running != null) {
            try {
                running.stop();
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.SEVERE, "relaybridge did not stop cleanly; closing the call records", e);
            }
        }
        CallRecords open = records;
        records = null;
        if (open != null) {
            open.close();
        }
    }

    /** The open call records, or empty when they could not be opened (see {@link #problem()}). */
    public Optional<CallRecords> records() {
        return Optional.ofNullable(records);
    }

    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }
}
