package se.relaybridge.config;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;

/**
 * Refuses the keys of a JSON file that its record type (bound by JSON-B, which ignores them) does not declare, nested
 * records and lists of records included: a misspelt {@code "configWatchSecond"} in {@code sip.json} must not leave the
 * default in force unnoticed. The known fields are the record's components, so a field added to the record is known at
 * once.
 */
public final class RecordShape {

    private RecordShape() {
    }

    public static void checkKnownFields(JsonObject object, Class<? extends Record> type, ProblemList problems) {
        check(object, type, "", problems);
    }

    private static void check(JsonObject object, Class<?> type, String path, ProblemList problems) {
        RecordComponent[] components = type.getRecordComponents();
        List<String> known = Arrays.stream(components).map(RecordComponent::getName).toList();
        for (String key : object.keySet()) {
            if (!known.contains(key)) {
                problems.add(path + key, "unknown field (known: " + String.join(", ", known) + ")");
            }
        }
        for (RecordComponent component : components) {
            JsonValue value = object.get(component.getName());
            if (value == null) {
                continue;
            }
            String field = path + component.getName();
            if (component.getType().isRecord() && value.getValueType() == JsonValue.ValueType.OBJECT) {
                check(value.asJsonObject(), component.getType(), field + ".", problems);
            } else if (List.class.isAssignableFrom(component.getType()) && value.getValueType() == JsonValue.ValueType.ARRAY) {
                Class<?> element = elementType(component.getGenericType());
                if (element != null && element.isRecord()) {
                    for (int i = 0; i < value.asJsonArray().size(); i++) {
                        JsonValue item = value.asJsonArray().get(i);
                        if (item.getValueType() == JsonValue.ValueType.OBJECT) {
                            check(item.asJsonObject(), element, field + "[" + i + "].", problems);
                        }
                    }
                }
            }
        }
    }

    private static Class<?> elementType(Type type) {
        if (type instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        return null;
    }
}
