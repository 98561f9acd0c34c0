package se.relaybridge.call;

/**
 * Hears what the SIP edge turns away before any call exists: requests limited or dropped by the flood guard, and
 * INVITEs from sources that are no relay trunk. Told on SIP stack threads and call executors, so it must only count.
 */
public interface EdgeWatcher {

    /** A request beyond its source's rate got 503. */
    void limited();

    /** A request from a banned source was dropped unanswered. */
    void banned();

    /** An INVITE from no relay trunk: {@code verdict} is {@code refused} or {@code admitted}. */
    void strangerInvite(String verdict);
}
