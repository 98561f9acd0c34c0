package se.relaybridge.e2e;

import java.util.List;

import static se.relaybridge.e2e.TortureMessage.answered;
import static se.relaybridge.e2e.TortureMessage.dropped;

/**
 * Every message of the RFC 4475 archive with the answer docs/rfc4475.md documents for relaybridge, a B2BUA
 * answering as the UAS of a trusted relay trunk. Messages whose Via names TCP or TLS go over TCP (TLS
 * needs no certificate for these checks), the rest over UDP. A valid INVITE is admitted as a call; the
 * test's queue answers it 486, which relaybridge passes on. Three messages share branch, sent-by and method with an
 * earlier one: RFC 3261 §17.2.3 makes them retransmissions of it, answered as it was or absorbed.
 */
final class TortureCorpus {

    static final int QUEUE_BUSY = 486;

    private TortureCorpus() {
    }

    static final List<TortureMessage> MESSAGES = List.of(
            // 3.1.1 valid messages
            answered("wsinv", "3.1.1.1", "udp", 481),
            answered("intmeth", "3.1.1.2", "tcp", 405, "Allow", "INVITE"),
            answered("esc01", "3.1.1.3", "udp", QUEUE_BUSY),
            answered("escnull", "3.1.1.4", "udp", 405, "Allow", "INVITE"),
            answered("esc02", "3.1.1.5", "tcp", 405, "Allow", "INVITE"),
            answered("lwsdisp", "3.1.1.6", "udp", 200),
            answered("longreq", "3.1.1.7", "tcp", QUEUE_BUSY),
            answered("dblreq", "3.1.1.8", "udp", 405, "Allow", "INVITE"),
            answered("semiuri", "3.1.1.9", "udp", 200),
            answered("transports", "3.1.1.10", "udp", 200),
            answered("mpart01", "3.1.1.11", "udp", 405, "Allow", "INVITE"),
            dropped("unreason", "3.1.1.12", "udp"),
            dropped("noreason", "3.1.1.13", "udp"),
            // 3.1.2 invalid messages
            answered("badinv01", "3.1.2.1", "udp", 400),
            answered("clerr", "3.1.2.2", "udp", 400),
            answered("ncl", "3.1.2.3", "udp", 400),
            answered("scalar02", "3.1.2.4", "tcp", 400),
            dropped("scalarlg", "3.1.2.5", "tcp"),
            answered("quotbal", "3.1.2.6", "udp", 400),
            answered("ltgtruri", "3.1.2.7", "udp", 400),
            answered("lwsruri", "3.1.2.8", "udp", 400),
            answered("lwsstart", "3.1.2.9", "udp", 400),
            answered("trws", "3.1.2.10", "tcp", 400),
            answered("escruri", "3.1.2.11", "udp", 400),
            answered("baddate", "3.1.2.12", "udp", QUEUE_BUSY),
            answered("regbadct", "3.1.2.13", "udp", 405, "Allow", "INVITE"),
            answered("badaspec", "3.1.2.14", "udp", 400),
            answered("baddn", "3.1.2.15", "udp", 400),
            answered("badvers", "3.1.2.16", "udp", 505),
            answered("mismatch01", "3.1.2.17", "udp", 400),
            answered("mismatch02", "3.1.2.18", "udp", 501),
            dropped("bigcode", "3.1.2.19", "udp"),
            // 3.2 transaction layer
            answered("badbranch", "3.2.1", "udp", 200),
            // 3.3 application layer
            answered("insuf", "3.3.1", "udp", 400),
            answered("unkscm", "3.3.2", "tcp", 416),
            answered("novelsc", "3.3.3", "tcp", 416).retransmissionOf("unkscm"),
            answered("unksm2", "3.3.4", "udp", 405, "Allow", "INVITE"),
            answered("bext01", "3.3.5", "tcp", 420, "Unsupported", "nothingSupportsThis"),
            answered("invut", "3.3.6", "udp", 415, "Accept", "application/sdp"),
            answered("regaut01", "3.3.7", "tcp", 405, "Allow", "INVITE"),
            answered("multi01", "3.3.8", "udp", 400),
            answered("mcl01", "3.3.9", "udp", 400),
            dropped("bcast", "3.3.10", "udp"),
            answered("zeromf", "3.3.11", "udp", 483),
            answered("cparam01", "3.3.12", "udp", 405, "Allow", "INVITE"),
            answered("cparam02", "3.3.13", "udp", 405, "Allow", "INVITE").retransmissionOf("cparam01"),
            answered("regescrt", "3.3.14", "udp", 405, "Allow", "INVITE").retransmissionOf("escnull"),
            answered("sdp01", "3.3.15", "udp", 406, "Accept", "application/sdp"),
            // 3.4 backward compatibility
            answered("inv2543", "3.4.1", "udp", QUEUE_BUSY),
            // in the archive without a section: no Via, no CSeq, nowhere to send an answer
            dropped("test", "-", "udp"));
}
