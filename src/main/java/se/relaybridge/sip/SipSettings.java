package se.relaybridge.sip;

import se.relaybridge.config.ConfigProblem;
import se.relaybridge.sip.tcp.TcpLimits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * {@code sip-config/sip.json}: where relaybridge listens, the host it puts in its own Via and Contact
 * headers, and the key and trust stores of its TLS listening point ({@code tls}, only with a {@code tls}
 * listening point). The port can be overridden for every listening point with {@code -Drelaybridge.sip.port}.
 */
public record SipSettings(String listenAddress, String publicHost, List<ListeningPointSpec> listeningPoints,
                          String stackName, TlsSettings tls, SessionTimerSpec sessionTimer, String untrustedCalls,
                          Integer configWatchSeconds, Integer shutdownGraceSeconds, TcpLimits tcpLimits,
                          FloodGuardSpec floodGuard, Integer strangerSampleSeconds,
                          OverloadLimits overload) {

    /** Calls from sources that are no relay trunk are refused with 403 (the default). */
    public static final String REFUSE = "refuse";
    /** Calls from sources that are no relay trunk reach the queue, stripped of every relay and identity header. */
    public static final String ADMIT = "admit";

    public static final String PORT_PROPERTY = "relaybridge.sip.port";
    private static final List<String> TRANSPORTS = List.of("udp", "tcp", "tls");

    /** Settings without TLS; a factory, not a constructor, since JSON-B reads a record only through its one constructor. */
    public static SipSettings of(String listenAddress, String publicHost, List<ListeningPointSpec> listeningPoints,
                                 String stackName) {
        return new SipSettings(listenAddress, publicHost, listeningPoints, stackName, null, null, null, null, null, null, null, null,
                null);
    }

    private String untrustedCallsPolicy(String file) {
        if (untrustedCalls == null) {
            return REFUSE;
        }
        if (!REFUSE.equals(untrustedCalls) && !ADMIT.equals(untrustedCalls)) {
            throw new ConfigProblem(file, "untrustedCalls", "'" + untrustedCalls + "' is not one of refuse, admit");
        }
        return untrustedCalls;
    }

    /** How often relay-profiles/ is checked for changed files; 0 = only on an operator's reload request. */
    public static final int DEFAULT_CONFIG_WATCH_SECONDS = 2;

    private Integer configWatch(String file) {
        if (configWatchSeconds == null) {
            return DEFAULT_CONFIG_WATCH_SECONDS;
        }
        if (configWatchSeconds < 0 || configWatchSeconds > 3600) {
            throw new ConfigProblem(file, "configWatchSeconds", configWatchSeconds
                    + " is outside 0-3600 (0 reloads relay profiles only on request)");
        }
        return configWatchSeconds;
    }

    /**
     * How long a stop waits for the calls it ends (BYE on both legs) before it stops the stack anyway; a process
     * manager's own stop timeout (systemd: 90 s) must be longer.
     */
    public static final int DEFAULT_SHUTDOWN_GRACE_SECONDS = 10;
    private static final int MAX_SHUTDOWN_GRACE_SECONDS = 300;

    private Integer shutdownGrace(String file) {
        if (shutdownGraceSeconds == null) {
            return DEFAULT_SHUTDOWN_GRACE_SECONDS;
        }
        if (shutdownGraceSeconds < 0 || shutdownGraceSeconds > MAX_SHUTDOWN_GRACE_SECONDS) {
            throw new ConfigProblem(file, "shutdownGraceSeconds", shutdownGraceSeconds + " is outside 0-"
                    + MAX_SHUTDOWN_GRACE_SECONDS + " (seconds a stop waits for the calls it ends)");
        }
        return shutdownGraceSeconds;
    }

    /** How long a stop waits for the BYEs of the calls it ends. */
    public java.time.Duration shutdownGrace() {
        return java.time.Duration.ofSeconds(shutdownGraceSeconds == null ? DEFAULT_SHUTDOWN_GRACE_SECONDS
                : shutdownGraceSeconds);
    }

    /** How long a source that is no relay trunk has at most one refused INVITE recorded and logged. */
    public static final int DEFAULT_STRANGER_SAMPLE_SECONDS = 60;

    private Integer strangerSample(String file) {
        if (strangerSampleSeconds == null) {
            return DEFAULT_STRANGER_SAMPLE_SECONDS;
        }
        if (strangerSampleSeconds < 1 || strangerSampleSeconds > 86_400) {
            throw new ConfigProblem(file, "strangerSampleSeconds", strangerSampleSeconds + " is outside 1-86400");
        }
        return strangerSampleSeconds;
    }

    /** The flood guard's settings (the defaults on settings that were not validated). */
    public FloodGuardSpec floodGuardOrDefault() {
        return floodGuard == null ? FloodGuardSpec.DEFAULT : floodGuard;
    }

    /** When new calls are shed; the defaults on settings that were not validated. */
    public OverloadLimits overloadOrDefault() {
        return overload == null ? OverloadLimits.DEFAULT : overload;
    }

    /** What one TCP client may cost; the defaults when sip.json has no {@code tcpLimits}. */
    public TcpLimits tcpLimitsOrDefault() {
        return tcpLimits == null ? TcpLimits.DEFAULT : tcpLimits;
    }

    /** Whether calls from sources that are no relay trunk are let through (without any relay metadata). */
    public boolean admitsUntrustedCalls() {
        return ADMIT.equals(untrustedCalls);
    }

    /** Checks every field and fills the optional ones; the message names the file and the field. */
    public SipSettings validated(String file) {
        if (listenAddress == null || listenAddress.isBlank()) {
            throw new ConfigProblem(file, "listenAddress", "is missing");
        }
        try {
            InetAddress.getByName(listenAddress);
        } catch (UnknownHostException e) {
            throw new ConfigProblem(file, "listenAddress", "'" + listenAddress + "' is not an address of this host");
        }
        if (listeningPoints == null || listeningPoints.isEmpty()) {
            throw new ConfigProblem(file, "listeningPoints", "needs at least one transport");
        }
        List<ListeningPointSpec> points = new ArrayList<>();
        for (int i = 0; i < listeningPoints.size(); i++) {
            ListeningPointSpec lp = listeningPoints.get(i);
            String field = "listeningPoints[" + i + "]";
            if (lp == null || lp.transport() == null) {
                throw new ConfigProblem(file, field + ".transport", "is missing");
            }
            String transport = lp.transport().toLowerCase(Locale.ROOT);
            if (!TRANSPORTS.contains(transport)) {
                throw new ConfigProblem(file, field + ".transport", "'" + lp.transport() + "' is not one of " + TRANSPORTS);
            }
            if (points.stream().anyMatch(p -> p.transport().equals(transport))) {
                throw new ConfigProblem(file, field + ".transport", "'" + transport + "' is listed twice");
            }
            if (lp.port() == null || lp.port() < 1 || lp.port() > 65535) {
                throw new ConfigProblem(file, field + ".port", "must be a port number 1-65535");
            }
            // TCP and TLS are both TCP server sockets: they cannot share a port on one address.
            String other = "tls".equals(transport) ? "tcp" : "tcp".equals(transport) ? "tls" : null;
            if (points.stream().anyMatch(p -> p.transport().equals(other) && p.port().equals(lp.port()))) {
                throw new ConfigProblem(file, field + ".port", transport + " cannot share port " + lp.port() + " with " + other);
            }
            points.add(new ListeningPointSpec(transport, lp.port()));
        }
        boolean tlsListens = points.stream().anyMatch(p -> p.transport().equals("tls"));
        if (tlsListens && tls == null) {
            throw new ConfigProblem(file, "tls", "is missing: the tls listening point needs keyStore and trustStore");
        }
        String host = publicHost == null || publicHost.isBlank() ? listenAddress : publicHost;
        String name = stackName == null || stackName.isBlank() ? "relaybridge" : stackName;
        return new SipSettings(listenAddress, host, List.copyOf(points), name, tls == null ? null : tls.validated(file),
                (sessionTimer == null ? SessionTimerSpec.DEFAULT : sessionTimer).validated(file),
                untrustedCallsPolicy(file), configWatch(file), shutdownGrace(file),
                (tcpLimits == null ? TcpLimits.DEFAULT : tcpLimits).validated(file),
                (floodGuard == null ? FloodGuardSpec.DEFAULT : floodGuard).validated(file), strangerSample(file),
                (overload == null ? OverloadLimits.DEFAULT : overload).validated(file));
    }

    /**
     * The same settings with their TLS stores found in {@code sipConfigDir} and opened, and their
     * {@code ${NAME}} passwords read from system properties or the environment.
     */
    public SipSettings withTlsStoresIn(Path sipConfigDir, String file) {
        return withTlsStoresIn(sipConfigDir, file, TlsStoreFiles::systemLookup);
    }

    SipSettings withTlsStoresIn(Path sipConfigDir, String file, UnaryOperator<String> lookup) {
        if (tls == null) {
            return this;
        }
        return new SipSettings(listenAddress, publicHost, listeningPoints, stackName,
                TlsStoreFiles.resolve(tls, sipConfigDir, file, lookup), sessionTimer, untrustedCalls, configWatchSeconds,
                shutdownGraceSeconds, tcpLimits, floodGuard, strangerSampleSeconds, overload);
    }

    /**
     * The same settings with every listening point moved to {@code port}; tls goes to {@code port + 1}, since
     * it cannot share the tcp port (5060/5061 is the usual pair).
     */
    public SipSettings withPort(int port) {
        return new SipSettings(listenAddress, publicHost, listeningPoints.stream()
                .map(lp -> new ListeningPointSpec(lp.transport(), "tls".equals(lp.transport()) ? port + 1 : port))
                .toList(), stackName, tls, sessionTimer, untrustedCalls, configWatchSeconds, shutdownGraceSeconds,
                tcpLimits, floodGuard, strangerSampleSeconds, overload);
    }

    public SipSettings withOverridesFrom(String file) {
        String port = System.getProperty(PORT_PROPERTY);
        if (port == null || port.isBlank()) {
            return this;
        }
        int value;
        try {
            value = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > 65535) {
            throw new ConfigProblem(file, "-D" + PORT_PROPERTY, "'" + port + "' is not a port number 1-65535");
        }
        if (value == 65535 && hasTransport("tls")) {
            throw new ConfigProblem(file, "-D" + PORT_PROPERTY, "'" + port + "' leaves no port + 1 for tls");
        }
        return withPort(value);
    }

    public int port(String transport) {
        return listeningPoints.stream().filter(lp -> lp.transport().equalsIgnoreCase(transport))
                .map(ListeningPointSpec::port).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no listening point for " + transport));
    }

    public boolean hasTransport(String transport) {
        return listeningPoints.stream().anyMatch(lp -> lp.transport().equalsIgnoreCase(transport));
    }
}
