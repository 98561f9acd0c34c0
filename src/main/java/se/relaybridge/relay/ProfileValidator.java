package se.relaybridge.relay;

import se.relaybridge.config.ProblemList;

import java.util.List;
import java.util.Optional;

import static se.relaybridge.relay.ProfileSyntax.DOMAIN;
import static se.relaybridge.relay.ProfileSyntax.HEADER_NAME;
import static se.relaybridge.relay.ProfileSyntax.ID;
import static se.relaybridge.relay.ProfileSyntax.LANGUAGE_TAG;
import static se.relaybridge.relay.ProfileSyntax.SIP_URI;
import static se.relaybridge.relay.ProfileSyntax.TEL_E164;
import static se.relaybridge.relay.ProfileSyntax.matches;

/**
 * Checks the values of one relay profile; every problem names the file and the field. All problems of a file are
 * reported together. Checks between profiles (overlapping trunks) are {@link ProfileLoader}'s.
 */
final class ProfileValidator {

    static final List<String> TRANSPORTS = List.of("udp", "tcp", "tls");
    static final int MAX_CONCURRENT_CALLS = 100_000;
    static final int MAX_CALLS_PER_SECOND = 10_000;
    static final int MAX_VALID_HOURS = 8760;

    private ProfileValidator() {
    }

    /**
     * @param fileName the file's own name ({@code texttelefoni.json}): it must be the id plus {@code .json}, which
     *                 makes file and profile one-to-one, so a reload can keep a profile by its file
     */
    static void validate(String fileName, RelayProfile profile, ProblemList problems) {
        checkId(fileName, profile.id(), problems);
        checkService(profile.service(), problems);
        checkTrunk(profile.trunk(), problems);
        checkProvider(profile.provider(), problems);
        checkInbound(profile.inbound(), problems);
        checkCallback(profile.callback(), problems);
    }

    /** The source blocks of a profile that passed {@link #validate}. */
    static List<Cidr> cidrs(RelayProfile profile) {
        return profile.trunk().sources().stream().map(s -> Cidr.parse(s).orElseThrow()).toList();
    }

    private static void checkId(String fileName, String id, ProblemList problems) {
        if (id == null || id.isBlank()) {
            problems.add("id", "is missing");
        } else if (!matches(ID, id)) {
            problems.add("id", "'" + id + "' must be lower-case letters, digits and '-'");
        } else if (!fileName.equals(id + ".json")) {
            problems.add("id", "the file declares '" + id + "', so it must be named " + id + ".json");
        }
    }

    private static void checkService(String service, ProblemList problems) {
        if (service == null) {
            problems.add("service", "is missing (text, video or speech)");
        } else if (RelayService.fromWireName(service).isEmpty()) {
            problems.add("service", "'" + service + "' is not one of text, video, speech");
        }
    }

    private static void checkTrunk(TrunkSpec trunk, ProblemList problems) {
        if (trunk == null) {
            problems.add("trunk", "is missing");
            return;
        }
        List<String> sources = trunk.sources();
        if (sources == null || sources.isEmpty()) {
            problems.add("trunk.sources", "needs at least one address block, e.g. 192.0.2.10/32");
        } else {
            for (int i = 0; i < sources.size(); i++) {
                if (Cidr.parse(sources.get(i)).isEmpty()) {
                    problems.add("trunk.sources[" + i + "]",
                            "'" + sources.get(i) + "' is not an address block such as 192.0.2.10/32");
                }
            }
        }
        List<String> transports = Optional.ofNullable(trunk.transports()).orElse(List.of());
        for (int i = 0; i < transports.size(); i++) {
            if (!TRANSPORTS.contains(transports.get(i))) {
                problems.add("trunk.transports[" + i + "]", "'" + transports.get(i) + "' is not one of udp, tcp, tls");
            }
        }
        String tlsSubject = trunk.tlsSubject();
        if (tlsSubject != null && !tlsSubject.isBlank()) {
            try {
                TrunkCertificateCheck.subjectOf(tlsSubject);
            } catch (IllegalArgumentException e) {
                problems.add("trunk.tlsSubject", "'" + tlsSubject
                        + "' is not an X.500 name such as CN=relay.example,O=Relay AB,C=SE");
            }
        }
        checkRange(problems, "trunk.maxConcurrentCalls", trunk.maxConcurrentCalls(), 1, MAX_CONCURRENT_CALLS);
        checkRange(problems, "trunk.maxCallsPerSecond", trunk.maxCallsPerSecond(), 1, MAX_CALLS_PER_SECOND);
    }

    private static void checkProvider(ProviderSpec provider, ProblemList problems) {
        if (provider == null) {
            return;
        }
        if (provider.domain() != null && !matches(DOMAIN, provider.domain())) {
            problems.add("provider.domain", "'" + provider.domain() + "' is not a domain name such as relay.example");
        }
        String contact = provider.contactUri();
        if (contact != null && !matches(TEL_E164, contact) && !matches(SIP_URI, contact)) {
            // the value is not repeated: it is a phone number, and problems are logged
            problems.add("provider.contactUri", "must be tel: with an E.164 number (tel:+46...) or a sip: URI");
        }
        List<String> languages = Optional.ofNullable(provider.languages()).orElse(List.of());
        for (int i = 0; i < languages.size(); i++) {
            if (!matches(LANGUAGE_TAG, languages.get(i))) {
                problems.add("provider.languages[" + i + "]",
                        "'" + languages.get(i) + "' is not a language tag such as sv, en, swl or sgn-SE");
            }
        }
    }

    private static void checkInbound(InboundHeaders inbound, ProblemList problems) {
        if (inbound == null) {
            return;
        }
        checkHeaderName(problems, "inbound.interpreterHeader", inbound.interpreterHeader());
        checkHeaderName(problems, "inbound.municipalityHeader", inbound.municipalityHeader());
        checkHeaderName(problems, "inbound.languageHeader", inbound.languageHeader());
    }

    private static void checkCallback(CallbackSpec callback, ProblemList problems) {
        if (callback == null) {
            return;
        }
        CallbackTemplate.problem(callback.uriTemplate()).ifPresent(p -> problems.add("callback.uriTemplate", p));
        checkRange(problems, "callback.validHours", callback.validHours(), 1, MAX_VALID_HOURS);
    }

    private static void checkHeaderName(ProblemList problems, String field, String name) {
        if (name != null && !matches(HEADER_NAME, name)) {
            problems.add(field, "'" + name + "' is not a SIP header name");
        }
    }

    private static void checkRange(ProblemList problems, String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            problems.add(field, "must be " + min + "-" + max + ", not " + value);
        }
    }
}
