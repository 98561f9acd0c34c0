package se.relaybridge.demo;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What a demo relay tells relaybridge about one call: the person's (fictitious) number, the interpreter, the
 * municipality the person is in, and now and then a language other than Swedish, so the board shows calls from
 * several regions and the language routing has something to do.
 *
 * @param language BCP 47 tag, or null for the relay's default (Swedish or, for video, sign language)
 */
record DemoCallDetails(String number, String interpreter, String municipality, String language) {

    /** Kommunkod of one large municipality in each of six regions (län 01, 03, 05, 12, 14, 24). */
    static final List<String> MUNICIPALITIES = List.of("0180", "0380", "0580", "1280", "1480", "2480");

    static DemoCallDetails random(RandomGenerator random) {
        int roll = random.nextInt(12);
        String language = roll == 0 ? "ar" : roll <= 2 ? "en" : null;
        return new DemoCallDetails(FictitiousNumbers.pick(random), "tolk-" + (1 + random.nextInt(40)),
                MUNICIPALITIES.get(random.nextInt(MUNICIPALITIES.size())), language);
    }
}
