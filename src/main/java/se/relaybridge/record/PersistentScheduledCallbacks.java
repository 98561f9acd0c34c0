package se.relaybridge.record;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import se.relaybridge.callback.CallbackAttempt;
import se.relaybridge.callback.ScheduledCallback;
import se.relaybridge.callback.ScheduledCallbackState;
import se.relaybridge.callback.ScheduledCallbacks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scheduled callbacks in the records database (tables {@code scheduled_callback}, {@code callback_attempt}). Every
 * call is synchronous: unlike call records and grants these are written by the admin API and the callback
 * scheduler's own thread, which may wait, and a callback the API answered 201 for must already be stored.
 */
public final class PersistentScheduledCallbacks implements ScheduledCallbacks {

    private static final List<String> UNFINISHED = List.of(ScheduledCallbackState.PENDING.wireName(),
            ScheduledCallbackState.CALLING.wireName());

    private final EntityManagerFactory factory;

    PersistentScheduledCallbacks(EntityManagerFactory factory) {
        this.factory = factory;
    }

    @Override
    public void insert(ScheduledCallback callback) {
        Transactions.inTransaction(factory, em -> {
            em.persist(new ScheduledCallbackEntity(callback));
            callback.attempts().forEach(a -> em.persist(new CallbackAttemptEntity(callback.id(), a)));
            return null;
        });
    }

    @Override
    public void update(ScheduledCallback callback) {
        Transactions.inTransaction(factory, em -> {
            ScheduledCallbackEntity row = em.find(ScheduledCallbackEntity.class, callback.id());
            if (row == null) {
                return null;
            }
            int stored = row.attempts();
            row.change(callback);
            // attempts are only ever added, so those past the stored count are the new ones
            callback.attempts().stream().skip(stored)
                    .forEach(a -> em.persist(new CallbackAttemptEntity(callback.id(), a)));
            return null;
        });
    }

    /** One conditional UPDATE: the database decides which node dials when several find the callback due. */
    @Override
    public boolean claim(String id, String node, java.time.Instant now) {
        return Transactions.inTransaction(factory, em -> em.createQuery("UPDATE ScheduledCallbackEntity c"
                        + " SET c.state = :calling, c.dialledBy = :node WHERE c.id = :id AND c.state = :pending"
                        + " AND c.dueAt <= :now")
                .setParameter("now", CallRecordEntity.utc(now))
                .setParameter("calling", ScheduledCallbackState.CALLING.wireName())
                .setParameter("node", node)
                .setParameter("pending", ScheduledCallbackState.PENDING.wireName())
                .setParameter("id", id)
                .executeUpdate()) == 1;
    }

    @Override
    public List<String> dialledBy(String node) {
        return read(em -> em.createQuery("SELECT c.id FROM ScheduledCallbackEntity c WHERE c.state = :calling"
                        + " AND c.dialledBy = :node ORDER BY c.id", String.class)
                .setParameter("calling", ScheduledCallbackState.CALLING.wireName())
                .setParameter("node", node).getResultList());
    }

    @Override
    public Optional<ScheduledCallback> find(String id) {
        return read(em -> Optional.ofNullable(em.find(ScheduledCallbackEntity.class, id))
                .map(row -> withAttempts(em, List.of(row)).get(0)));
    }

    @Override
    public List<ScheduledCallback> list(int limit) {
        return read(em -> {
            List<ScheduledCallbackEntity> open = em.createQuery("SELECT c FROM ScheduledCallbackEntity c"
                            + " WHERE c.state IN :states ORDER BY c.dueAt, c.id", ScheduledCallbackEntity.class)
                    .setParameter("states", UNFINISHED).setMaxResults(limit).getResultList();
            List<ScheduledCallbackEntity> rows = new ArrayList<>(open);
            if (rows.size() < limit) {
                rows.addAll(em.createQuery("SELECT c FROM ScheduledCallbackEntity c WHERE c.state NOT IN :states"
                                + " ORDER BY c.dueAt DESC, c.id", ScheduledCallbackEntity.class)
                        .setParameter("states", UNFINISHED).setMaxResults(limit - rows.size()).getResultList());
            }
            return withAttempts(em, rows);
        });
    }

    @Override
    public List<ScheduledCallback> unfinished() {
        return read(em -> withAttempts(em, em.createQuery("SELECT c FROM ScheduledCallbackEntity c"
                        + " WHERE c.state IN :states ORDER BY c.dueAt, c.id", ScheduledCallbackEntity.class)
                .setParameter("states", UNFINISHED).getResultList()));
    }

    private static List<ScheduledCallback> withAttempts(EntityManager em, List<ScheduledCallbackEntity> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<CallbackAttempt>> attempts = new LinkedHashMap<>();
        List<String> ids = rows.stream().map(ScheduledCallbackEntity::id).toList();
        for (CallbackAttemptEntity a : em.createQuery("SELECT a FROM CallbackAttemptEntity a"
                + " WHERE a.callbackId IN :ids", CallbackAttemptEntity.class).setParameter("ids", ids).getResultList()) {
            attempts.computeIfAbsent(a.callbackId(), k -> new ArrayList<>()).add(a.attempt());
        }
        return rows.stream().map(r -> {
            String id = r.id();
            List<CallbackAttempt> history = new ArrayList<>(attempts.getOrDefault(id, List.of()));
            history.sort(Comparator.comparingInt(CallbackAttempt::number));
            return r.view(history);
        }).toList();
    }

    private <T> T read(java.util.function.Function<EntityManager, T> work) {
        EntityManager em = factory.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }
}
