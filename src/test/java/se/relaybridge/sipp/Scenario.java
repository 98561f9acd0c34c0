package se.relaybridge.sipp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A SIPp scenario from {@code src/test/sipp/}, with its {@code @NAME@} placeholders filled: fragments from
 * {@code src/test/sipp/fragments/} or plain values.
 */
public final class Scenario {

    public static final Path DIR = Path.of("src/test/sipp");

    private final String file;
    private final Map<String, String> values = new LinkedHashMap<>();
    private boolean queueTarget;
    private static final String PING_FIRST = "  <recv request=\"OPTIONS\" optional=\"true\" next=\"ping_answer\"/>\n";
    private static final String PING_ANSWER = """

              <nop><action><exec int_cmd="stop_now"/></action></nop>

              <label id="ping_answer"/>
              <send>
                <![CDATA[
            SIP/2.0 200 OK
            [last_Via:]
            [last_From:]
            [last_To:];tag=[pid]SIPpPing[call_number]
            [last_Call-ID:]
            [last_CSeq:]
            Content-Length: 0

                ]]>
              </send>
            """;

    private Scenario(String file) {
        this.file = file;
        values.put("INVITE_BLOCK", fragmentText("uac_invite"));
        withSdpBody("INVITE_BODY", "sdp_audio_text.txt");
        withSdpBody("ANSWER_BODY", "sdp_answer_audio_text.txt");
        for (String body : new String[] {"INITIAL_ACK_BODY", "REINVITE_BODY", "ACK_BODY", "REANSWER_BODY"}) {
            withoutBody(body);
        }
        values.put("MIDCALL_BLOCK", "");
        values.put("EXTRA_HEADERS", "");
        values.put("SETTLE", "  <pause milliseconds=\"300\"/>");
        values.put("BYE_CSEQ", "2");
        values.put("QUEUE_BYE_CSEQ", "1");
        values.put("MAX_FORWARDS", "70");
        values.put("PERSON_NUMBER", "+46812345678");
        values.put("REQUEST_USER", "1177");
        values.put("REFER_CSEQ", "1");
    }

    public static Scenario of(String file) {
        return new Scenario(file);
    }

    public Scenario with(String placeholder, String value) {
        values.put(placeholder, value);
        return this;
    }

    public Scenario withFragment(String placeholder, String fragment) {
        return with(placeholder, fragmentText(fragment));
    }

    /** Fills a message-body placeholder with an SDP body (Content-Type, Content-Length and the SDP fragment). */
    public Scenario withSdpBody(String placeholder, String sdpFragment) {
        return with(placeholder, fragmentText("body_sdp.txt").replace("@SDP@", fragmentText(sdpFragment)));
    }

    /** Adds header lines to the relay's INVITE. */
    public Scenario withInviteHeaders(String... lines) {
        return with("EXTRA_HEADERS", "\n" + String.join("\n", lines));
    }

    /** Fills a message-body placeholder with no body at all. */
    public Scenario withoutBody(String placeholder) {
        return with(placeholder, fragmentText("body_none.txt"));
    }

    public String name() {
        return file.replace(".xml", "");
    }

    /**
     * As a nurse queue: relaybridge pings queue targets with OPTIONS at any time, each with a Call-ID of its
     * own, which SIPp would take for the call. So every OPTIONS is answered 200 on its own branch, and the
     * call's own end stops SIPp (exit code 97, see {@link SippPeer}).
     */
    Scenario asQueueTarget() {
        this.queueTarget = true;
        return this;
    }

    /** Writes the filled-in scenario and checks that no placeholder is left. */
    Path writeTo(Path dir, String runName) {
        String text = read(DIR.resolve(file));
        if (queueTarget) {
            text = text.replaceFirst("(<scenario[^>]*>)", "$1\n" + PING_FIRST)
                    .replace("</scenario>", PING_ANSWER + "</scenario>");
        }
        // fragments may carry placeholders of their own, so fill a few times
        for (int pass = 0; pass < 3; pass++) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                text = text.replace("@" + e.getKey() + "@", e.getValue());
            }
        }
        if (text.matches("(?s).*@[A-Z_]+@.*")) {
            throw new IllegalStateException(file + " still has a placeholder: " + text.replaceAll("(?s).*(@[A-Z_]+@).*", "$1"));
        }
        Path out = dir.resolve(runName + ".xml");
        try {
            Files.createDirectories(dir);
            Files.writeString(out, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A fragment's text, for a placeholder filled inside another fragment. */
    public static String fragment(String name) {
        return fragmentText(name);
    }

    /** A fragment by name: {@code name.xml}, or the file itself when the name has an extension. */
    private static String fragmentText(String name) {
        return read(DIR.resolve("fragments").resolve(name.contains(".") ? name : name + ".xml"));
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
