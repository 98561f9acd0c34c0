package se.relaybridge.e2e;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import se.relaybridge.sipp.SipText;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of the INVITE a nurse queue received, taken apart with a standard MIME parser (Jakarta Mail),
 * its relay JSON checked against the JSON Schema shipped in the application.
 */
record QueueInviteBody(List<String> contentTypes, List<String> contentIds, List<String> contents) {

    private static final Schema SCHEMA = loadSchema();

    static QueueInviteBody of(SipText invite) {
        String type = invite.header("Content-Type").orElseThrow(() -> new AssertionError("no Content-Type"));
        // SIPp's log shows the body with LF line ends; the wire had CRLF. The log is read byte for byte as
        // ISO-8859-1, so the same charset gives back the bytes relaybridge sent (UTF-8 inside the parts).
        byte[] body = invite.body().replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try {
            MimeMultipart multipart = new MimeMultipart(new ByteArrayDataSource(body, type));
            List<String> types = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            List<String> contents = new ArrayList<>();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                types.add(part.getContentType());
                String[] id = part.getHeader("Content-ID");
                ids.add(id == null ? null : id[0]);
                try (InputStream in = part.getInputStream()) {
                    contents.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return new QueueInviteBody(types, ids, contents);
        } catch (MessagingException e) {
            throw new AssertionError("the queue's INVITE body is no valid multipart/mixed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String part(String contentType) {
        for (int i = 0; i < contentTypes.size(); i++) {
            if (contentTypes.get(i).toLowerCase().startsWith(contentType.toLowerCase())) {
                return contents.get(i);
            }
        }
        throw new AssertionError("no " + contentType + " part in " + contentTypes);
    }

    boolean has(String contentType) {
        return contentTypes.stream().anyMatch(t -> t.toLowerCase().startsWith(contentType.toLowerCase()));
    }

    /** The relay JSON part, after checking it against the schema. */
    JsonObject relayJson() {
        String json = part("application/vnd.relaybridge.relay+json");
        var errors = SCHEMA.validate(json, InputFormat.JSON);
        if (!errors.isEmpty()) {
            throw new AssertionError("relay JSON does not match the schema: " + errors + "\n" + json);
        }
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static Schema loadSchema() {
        try (InputStream in = QueueInviteBody.class.getResourceAsStream("/relaybridge-relay-metadata.schema.json")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static org.w3c.dom.Document xml(String text) {
        try {
            var factory = javax.xml.parsers.DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + text, e);
        }
    }
}
