package se.relaybridge.routing;

/**
 * What one source of evidence said about the person's län.
 *
 * @param kind what it is ({@link RouteDecision#KOMMUNKOD} …)
 * @param lan  the län it points to, or null when it points nowhere
 * @param note the trail line, without the number or body it came from
 */
record Evidence(String kind, String lan, String note) {

    static Evidence none(String kind, String note) {
        return new Evidence(kind, null, note);
    }

    boolean found() {
        return lan != null;
    }
}
