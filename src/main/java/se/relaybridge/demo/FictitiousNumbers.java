package se.relaybridge.demo;

import java.util.random.RandomGenerator;

/**
 * Phone numbers that belong to nobody. PTS (Post- och telestyrelsen) set 070-174 06 05 to 070-174 06 99 aside
 * for film, TV and books in 2020, so a demo caller can never ring a real person's phone, and a number seen on
 * the board or in a screenshot is obviously made up.
 */
public final class FictitiousNumbers {

    /** +46 70 174 06 05, the first number of the PTS range for fiction. */
    static final long FIRST = 46_701_740_605L;
    /** +46 70 174 06 99, the last. */
    static final long LAST = 46_701_740_699L;

    private FictitiousNumbers() {
    }

    /** A random number of the range in E.164, e.g. {@code +46701740642}. */
    public static String pick(RandomGenerator random) {
        return "+" + random.nextLong(FIRST, LAST + 1);
    }

    /** True for a number of the range, written in E.164. */
    public static boolean isFictitious(String e164) {
        if (e164 == null || !e164.matches("\\+\\d{11}")) {
            return false;
        }
        long n = Long.parseLong(e164.substring(1));
        return n >= FIRST && n <= LAST;
    }
}
