package se.relaybridge.relay;

import java.util.regex.Pattern;

/** The textual forms relay profile fields must have; kept apart from the checks so each rule is read once. */
final class ProfileSyntax {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** RFC 3261 token: what a header name may be made of. */
    static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
    /** Host names of letters, digits and hyphens, at least two labels ({@code relay.example}). */
    static final Pattern DOMAIN = Pattern.compile(
            "(?i)(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /** {@code tel:} with a global number: + and 2 to 15 digits (E.164), no visual separators or parameters. */
    static final Pattern TEL_E164 = Pattern.compile("tel:\\+[1-9][0-9]{1,14}");
    /** A sip:/sips: URI loosely: optional user part, a host (name, IPv4 or [IPv6]), optional port and parameters. */
    static final Pattern SIP_URI = Pattern.compile(
            "sips?:([^@\\s<>\"{}]+@)?([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?(;[^\\s<>\"{}]*)?");
    /** BCP 47 in the form relays use: a 2–8 letter language, then 2–8 character subtags ({@code sgn-SE}). */
    static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{2,8})*");
    /** A {@code {name}} placeholder of a callback URI template. */
    static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

    private ProfileSyntax() {
    }

    static boolean matches(Pattern pattern, String text) {
        return pattern.matcher(text).matches();
    }
}
