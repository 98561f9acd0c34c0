package se.relaybridge.sip;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The product token for {@code User-Agent} and {@code Server} headers, e.g. {@code relaybridge/0.1.0}. */
public final class Product {

    public static final String NAME = "relaybridge";
    public static final String VERSION = readVersion();
    public static final String TOKEN = NAME + "/" + VERSION;

    private Product() {
    }

    private static String readVersion() {
        try (InputStream in = Product.class.getClassLoader().getResourceAsStream("relaybridge-version.properties")) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            String version = props.getProperty("version", "dev");
            return version.startsWith("${") ? "dev" : version;
        } catch (IOException e) {
            return "dev";
        }
    }
}
