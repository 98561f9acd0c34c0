package se.relaybridge.call;

/** CDI event: the B2BUA is listening; the board, the call records and the metrics start watching its calls. */
public record B2buaStarted(B2bua b2bua) {
}
