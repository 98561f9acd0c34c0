package se.relaybridge.demo;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The one switch that turns demo mode on: {@code -Drelaybridge.demo=true} or {@code RELAYBRIDGE_DEMO=true}.
 * The system property wins, so an operator can switch off with {@code -Drelaybridge.demo=false} an environment
 * variable set somewhere they do not control.
 */
public final class DemoSwitch {

    public static final String PROPERTY = "relaybridge.demo";
    public static final String ENV = "RELAYBRIDGE_DEMO";

    private DemoSwitch() {
    }

    public static boolean isOn() {
        return isOn(System::getProperty, System::getenv);
    }

    static boolean isOn(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String value = properties.apply(PROPERTY);
        if (value == null || value.isBlank()) {
            value = environment.apply(ENV);
        }
        return value != null && "true".equals(value.trim().toLowerCase(Locale.ROOT));
    }
}
