package se.relaybridge.sip;

import se.relaybridge.config.ConfigLocation;
import se.relaybridge.config.ConfigProblem;
import se.relaybridge.config.ProblemList;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * {@code sip-config/stack.properties}: JAIN SIP properties passed to the stack unchanged. JAIN SIP ignores a name it
 * does not know, so {@code gov.nist.javax.sip.THREAD_POOL_SIZ=8} would leave the default in force unnoticed: every
 * name must be one the RI reads ({@code relaybridge-jain-sip-properties.txt}) or a {@code javax.net.ssl.} one.
 */
public final class StackProperties {

    private static final Logger LOG = Logger.getLogger(StackProperties.class.getName());
    private static final String KNOWN = "relaybridge-jain-sip-properties.txt";
    private static final Set<String> NAMES = known();

    private StackProperties() {
    }

    /** The file's properties; empty (JAIN SIP's defaults) without the file; every problem by file and name. */
    public static Properties read(ConfigLocation config) {
        Path file = config.sipConfig("stack.properties");
        String name = config.displayName(file);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            LOG.info("no " + name + ": JAIN SIP defaults apply");
            return properties;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigProblem(name, "(file)", "cannot be read: " + e.getMessage(), e);
        }
        ProblemList problems = new ProblemList(name);
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            if (!NAMES.contains(key) && !key.startsWith("javax.net.ssl.")) {
                problems.add(key, "is not a property JAIN SIP reads (gov.nist.javax.sip.* and javax.sip.* names of"
                        + " the SipStackImpl javadoc)");
            }
        }
        if (!problems.isEmpty()) {
            ConfigProblem first = problems.list().get(0);
            problems.list().stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        return properties;
    }

    private static Set<String> known() {
        try (InputStream in = StackProperties.class.getClassLoader().getResourceAsStream(KNOWN)) {
            if (in == null) {
                throw new IllegalStateException(KNOWN + " is missing from the application");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
