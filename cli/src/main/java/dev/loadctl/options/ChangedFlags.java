package dev.loadctl.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loadctl.Durations;
import dev.loadctl.LoadctlException;
import dev.loadctl.result.ResultStore;
import dev.loadctl.result.RunName;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The flags that changed what a profile asked for: set in the flags' layer and different from the value the
 * profile (over the built-in defaults) had. A flag that repeats the profile's value changes nothing and is not
 * one. Layers are compared by their flag names (the records' YAML names), so every option a layer has counts.
 */
final class ChangedFlags {

    private ChangedFlags() {
    }

    /**
     * @param flags a layer of flags ({@code SweepValues}, {@code CapacityValues})
     * @param base  the same kind of layer, as it stands without the flags
     * @return flag name to its value as given, in {@link RunName#ordered} order
     */
    static Map<String, String> between(Object flags, Object base) {
        ObjectNode given = ResultStore.JSON.valueToTree(flags);
        ObjectNode before = ResultStore.JSON.valueToTree(base);
        Map<String, String> changed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = given.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull()) {
                continue;
            }
            String value = text(field.getValue());
            JsonNode was = before.get(field.getKey());
            if (was == null || was.isNull() || !same(value, text(was))) {
                changed.put(field.getKey(), value);
            }
        }
        return RunName.ordered(changed);
    }

    /** Both maps' flags; {@code later}'s win. */
    static Map<String, String> merged(Map<String, String> first, Map<String, String> later) {
        Map<String, String> merged = new LinkedHashMap<>(first);
        merged.putAll(later);
        return RunName.ordered(merged);
    }

    /** A list as it is typed ({@code 1,2}); a whole number without {@code .0}; anything else as text. */
    private static String text(JsonNode node) {
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(text(item)));
            return String.join(",", items);
        }
        if (node.isNumber() && node.asDouble() == Math.rint(node.asDouble()) && Math.abs(node.asDouble()) < 1e15) {
            return Long.toString(node.asLong());
        }
        return node.asText();
    }

    /** Equal as text, or the same duration written two ways ({@code 30s}, {@code 30000ms}). */
    private static boolean same(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Objects.equals(Durations.parse(a), Durations.parse(b));
        } catch (LoadctlException | IllegalArgumentException notDurations) {
            return false;
        }
    }
}
