package io.sidan.kit.api;

import java.io.IOException;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Refuses control characters (other than tab, line feed and carriage return) in every string of
 * every request body, whatever the field: they have no place in Sidan's texts, and PostgreSQL
 * cannot store a NUL at all. The field is named in the 400 answer.
 */
@Singleton
public class SafeTextModule implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("sidan-safe-text");
        module.addDeserializer(String.class, new SafeStringDeserializer());
        mapper.registerModule(module);
    }

    /** True when the text holds a control character other than tab, line feed or carriage return. */
    public static boolean hasControlCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if ((ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7F) {
                return true;
            }
        }
        return false;
    }

    static final class SafeStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String value = super.deserialize(p, ctxt);
            if (value != null && hasControlCharacters(value)) {
                throw InvalidFormatException.from(p, "contains control characters", "(text with control characters)",
                        String.class);
            }
            return value;
        }
    }
}
