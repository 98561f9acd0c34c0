package se.relaybridge.board;

import jakarta.json.bind.annotation.JsonbPropertyOrder;
import se.relaybridge.call.SipEdge;

/**
 * The SIP edge as the live board shows it (docs/trust-and-floods.md): how many sources the flood guard bans now, and
 * how many requests it has limited and dropped since start. No addresses: the wall screen needs to know that a flood
 * is being held off, the operator's metrics tell from where.
 */
@JsonbPropertyOrder({"bannedSources", "limitedRequests", "bannedRequests"})
public record EdgeView(int bannedSources, long limitedRequests, long bannedRequests) {

    public static final EdgeView QUIET = new EdgeView(0, 0, 0);

    public static EdgeView of(SipEdge edge) {
        return new EdgeView(edge.bannedSources(), edge.limitedRequests(), edge.bannedRequests());
    }
}
