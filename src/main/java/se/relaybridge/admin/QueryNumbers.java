package se.relaybridge.admin;

/**
 * Numeric query parameters read as text and checked here: a JAX-RS {@code int} parameter that does not convert
 * (too large, not a number) is answered 404 by the specification, which tells the client nothing.
 */
final class QueryNumbers {

    private QueryNumbers() {
    }

    /**
     * {@code text} as an int in {@code min..max}, {@code otherwise} when absent.
     *
     * @throws IllegalArgumentException {@code name: …}, which the resources answer as a 400 problem naming it
     */
    static int intParam(String name, String text, int otherwise, int min, int max) {
        if (text == null || text.isEmpty()) {
            return otherwise;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": must be a whole number from " + min + " to " + max);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": must be from " + min + " to " + max + ", not " + text.trim());
        }
        return (int) value;
    }
}
