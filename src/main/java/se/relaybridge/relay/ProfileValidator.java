package se.relaybridge.relay;

import se.relaybridge.config.ConfigProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Checks one relay profile; every problem names the file and the field. */
final class ProfileValidator {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");

    private ProfileValidator() {
    }

    /** The profile's source blocks, once every field checked here is valid. */
    static List<Cidr> validate(String file, RelayProfile profile) {
        if (profile.id() == null || profile.id().isBlank()) {
            throw new ConfigProblem(file, "id", "is missing");
        }
        if (!ID.matcher(profile.id()).matches()) {
            throw new ConfigProblem(file, "id", "'" + profile.id() + "' must be lower-case letters, digits and '-'");
        }
        if (profile.service() == null) {
            throw new ConfigProblem(file, "service", "is missing (text, video or speech)");
        }
        if (RelayService.fromWireName(profile.service()).isEmpty()) {
            throw new ConfigProblem(file, "service", "'" + profile.service() + "' is not one of text, video, speech");
        }
        if (profile.trunk() == null) {
            throw new ConfigProblem(file, "trunk", "is missing");
        }
        List<String> sources = profile.trunk().sources();
        if (sources == null || sources.isEmpty()) {
            throw new ConfigProblem(file, "trunk.sources", "needs at least one address block, e.g. 192.0.2.10/32");
        }
        List<Cidr> cidrs = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            String text = sources.get(i);
            int index = i;
            cidrs.add(Cidr.parse(text).orElseThrow(() -> new ConfigProblem(file, "trunk.sources[" + index + "]",
                    "'" + text + "' is not an address block such as 192.0.2.10/32")));
        }
        String tlsSubject = profile.trunk().tlsSubject();
        if (tlsSubject != null && !tlsSubject.isBlank()) {
            try {
                TrunkCertificateCheck.subjectOf(tlsSubject);
            } catch (IllegalArgumentException e) {
                throw new ConfigProblem(file, "trunk.tlsSubject", "'" + tlsSubject
                        + "' is not an X.500 name such as CN=relay.example,O=Relay AB,C=SE");
            }
        }
        InboundHeaders inbound = profile.inbound();
        if (inbound != null) {
            checkHeaderName(file, "inbound.interpreterHeader", inbound.interpreterHeader());
            checkHeaderName(file, "inbound.municipalityHeader", inbound.municipalityHeader());
            checkHeaderName(file, "inbound.languageHeader", inbound.languageHeader());
        }
        return List.copyOf(cidrs);
    }

    private static void checkHeaderName(String file, String field, String name) {
        if (name != null && !HEADER_NAME.matcher(name).matches()) {
            throw new ConfigProblem(file, field, "'" + name + "' is not a SIP header name");
        }
    }
}
