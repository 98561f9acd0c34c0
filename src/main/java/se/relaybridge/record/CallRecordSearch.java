package se.relaybridge.record;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a {@link CallRecordQuery} into one JPQL query for the page and one for the total. */
final class CallRecordSearch {

    private final String where;
    private final Map<String, Object> parameters = new LinkedHashMap<>();

    CallRecordSearch(CallRecordQuery q) {
        List<String> conditions = new ArrayList<>();
        if (q.from() != null) {
            conditions.add("r.offeredAt >= :from");
            parameters.put("from", CallRecordEntity.utc(q.from()));
        }
        if (q.to() != null) {
            conditions.add("r.offeredAt < :to");
            parameters.put("to", CallRecordEntity.utc(q.to()));
        }
        equal(conditions, "profileId", "profile", q.profile());
        equal(conditions, "region", "region", q.region());
        equal(conditions, "state", "state", q.state());
        if (q.outcome() != null) {
            conditions.add("r.outcome LIKE :outcome ESCAPE '\\'");
            parameters.put("outcome", q.outcome().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private void equal(List<String> conditions, String attribute, String parameter, String value) {
        if (value != null) {
            conditions.add("r." + attribute + " = :" + parameter);
            parameters.put(parameter, value);
        }
    }

    Page<CallRecordView> run(EntityManager em, CallRecordQuery q) {
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(r) FROM CallRecordEntity r" + where, Long.class);
        TypedQuery<CallRecordEntity> rows = em.createQuery(
                "SELECT r FROM CallRecordEntity r" + where + " ORDER BY r.offeredAt DESC, r.callId DESC",
                CallRecordEntity.class);
        parameters.forEach((name, value) -> {
            count.setParameter(name, value);
            rows.setParameter(name, value);
        });
        rows.setFirstResult(q.page() * q.size()).setMaxResults(q.size());
        List<CallRecordView> items = rows.getResultList().stream().map(CallRecordEntity::view).toList();
        return new Page<>(items, q.page(), q.size(), count.getSingleResult());
    }
}
