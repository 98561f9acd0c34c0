package se.relaybridge.sipp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** One SIP message as SIPp logged it, with just enough parsing for assertions. */
public record SipText(String startLine, List<String> headerLines, String body, boolean received) {

    /** The requests a SIPp message log shows as received, in order. */
    public static List<SipText> receivedRequests(String log) {
        return parseLog(log).stream().filter(SipText::received).filter(m -> !m.startLine().startsWith("SIP/2.0"))
                .toList();
    }

    public static List<SipText> parseLog(String log) {
        List<SipText> out = new ArrayList<>();
        for (String block : log.split("(?m)^-{10,}.*$")) {
            String trimmed = block.strip();
            int firstBreak = trimmed.indexOf('\n');
            if (firstBreak < 0) {
                continue;
            }
            String banner = trimmed.substring(0, firstBreak);
            boolean received = banner.contains("received");
            if (!received && !banner.contains("sent")) {
                continue;
            }
            String message = trimmed.substring(firstBreak + 1).replace("\r", "").stripLeading();
            int bodyStart = message.indexOf("\n\n");
            String head = bodyStart < 0 ? message : message.substring(0, bodyStart);
            String body = bodyStart < 0 ? "" : message.substring(bodyStart + 2);
            List<String> lines = List.of(head.split("\n"));
            if (lines.isEmpty() || lines.get(0).isBlank()) {
                continue;
            }
            out.add(new SipText(lines.get(0), lines.subList(1, lines.size()), body, received));
        }
        return out;
    }

    public String method() {
        return startLine.split(" ")[0];
    }

    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    public List<String> headers(String name) {
        String prefix = name.toLowerCase(Locale.ROOT) + ":";
        return headerLines.stream().filter(l -> l.toLowerCase(Locale.ROOT).startsWith(prefix))
                .map(l -> l.substring(prefix.length()).trim()).toList();
    }

    public String text() {
        return startLine + "\n" + String.join("\n", headerLines) + "\n\n" + body;
    }
}
