package se.relaybridge.config;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * One JSON object of a configuration file, read field by field. Every field is named by its path
 * ({@code trunk.sources[1]}), a value of the wrong JSON type is reported under that path (JSON-B would only say
 * the whole document is invalid), and keys that no field declares are refused: a typo such as {@code "sevice"}
 * must not be ignored quietly and leave a default in force. Problems are collected, not thrown, and a field with
 * a problem reads as absent ({@code null}).
 * <p>
 * JSON {@code null} counts as absent, as the shipped samples write {@code "tlsSubject": null}.
 */
public final class JsonFields {

    private final JsonObject object;
    private final String path;
    private final ProblemList problems;

    private JsonFields(JsonObject object, String path, ProblemList problems) {
        this.object = object;
        this.path = path;
        this.problems = problems;
    }

    public static JsonFields root(JsonObject object, ProblemList problems) {
        return new JsonFields(object, "", problems);
    }

    /** Reports every key that is not one of {@code known}, in the order the file has them. */
    public JsonFields allowOnly(List<String> known) {
        for (String key : object.keySet()) {
            if (!known.contains(key)) {
                problems.add(field(key), "unknown field (known: " + String.join(", ", known) + ")");
            }
        }
        return this;
    }

    public String string(String key) {
        JsonValue value = present(key);
        return value == null ? null : asString(field(key), value);
    }

    public Integer integer(String key) {
        JsonValue value = present(key);
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonNumber number)) {
            return wrongType(field(key), "a whole number", value);
        }
        if (!number.isIntegral()) {
            problems.add(field(key), "must be a whole number, not a fraction");
            return null;
        }
        try {
            return number.intValueExact();
        } catch (ArithmeticException e) {
            problems.add(field(key), "is far too large");
            return null;
        }
    }

    public Boolean bool(String key) {
        JsonValue value = present(key);
        if (value == null) {
            return null;
        }
        return switch (value.getValueType()) {
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            default -> wrongType(field(key), "true or false", value);
        };
    }

    /** An object whose every value is a string, unmodifiable, in the file's order; a value of another type is named. */
    public java.util.Map<String, String> stringMap(String key) {
        JsonValue value = present(key);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return wrongType(field(key), "an object of strings { \"name\": \"text\" }", value);
        }
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        boolean ok = true;
        for (java.util.Map.Entry<String, JsonValue> e : value.asJsonObject().entrySet()) {
            String text = asString(field(key) + "." + e.getKey(), e.getValue());
            ok &= text != null;
            out.put(e.getKey(), text);
        }
        return ok ? Collections.unmodifiableMap(out) : null;
    }

    /** A list of strings, unmodifiable; an element of another type is named by its index. */
    public List<String> strings(String key) {
        JsonValue value = present(key);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            return wrongType(field(key), "a list of strings [ ... ]", value);
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < value.asJsonArray().size(); i++) {
            String element = asString(field(key) + "[" + i + "]", value.asJsonArray().get(i));
            ok &= element != null;
            out.add(element);
        }
        return ok ? List.copyOf(out) : null;
    }

    /** The nested object bound by {@code binder}, or {@code null} when absent or not an object. */
    public <T> T object(String key, Function<JsonFields, T> binder) {
        JsonValue value = present(key);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            return wrongType(field(key), "an object { ... }", value);
        }
        return binder.apply(new JsonFields(value.asJsonObject(), field(key), problems));
    }

    /**
     * A list of objects, each bound by {@code binder} with its index in the path ({@code regions[3].queue}); an
     * element that is not an object is reported and reads as {@code null}, so the list's indices stay the file's.
     * Unmodifiable; {@code null} when absent.
     */
    public <T> List<T> objects(String key, Function<JsonFields, T> binder) {
        JsonValue value = present(key);
        if (value == null) {
            return null;
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY) {
            return wrongType(field(key), "a list of objects [ { ... } ]", value);
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < value.asJsonArray().size(); i++) {
            JsonValue element = value.asJsonArray().get(i);
            String elementPath = field(key) + "[" + i + "]";
            out.add(element.getValueType() == JsonValue.ValueType.OBJECT
                    ? binder.apply(new JsonFields(element.asJsonObject(), elementPath, problems))
                    : wrongType(elementPath, "an object { ... }", element));
        }
        return Collections.unmodifiableList(out);
    }

    private JsonValue present(String key) {
        JsonValue value = object.get(key);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
    }

    private String asString(String field, JsonValue value) {
        if (value instanceof JsonString string) {
            return string.getString();
        }
        return wrongType(field, "a string", value);
    }

    // the value itself is not repeated: it may be a phone number put in the wrong place, and problems are logged
    private <T> T wrongType(String field, String expected, JsonValue value) {
        problems.add(field, "must be " + expected + ", not " + typeOf(value));
        return null;
    }

    private static String typeOf(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "true/false";
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case NULL -> "null";
        };
    }

    private String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
