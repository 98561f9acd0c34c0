package se.relaybridge.admin;

/**
 * How deeply a JSON text nests arrays and objects, counted in one pass over its bytes without parsing it: a
 * parser recurses once per level, so a text 200,000 levels deep would end in a StackOverflowError before any
 * resource saw it. Brackets inside strings do not count.
 */
final class JsonNesting {

    private JsonNesting() {
    }

    /** True when {@code json} nests deeper than {@code limit} levels; stops reading at the first level too deep. */
    static boolean deeperThan(byte[] json, int length, int limit) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '[' || b == '{') {
                if (++depth > limit) {
                    return true;
                }
            } else if (b == ']' || b == '}') {
                depth--;
            }
        }
        return false;
    }
}
