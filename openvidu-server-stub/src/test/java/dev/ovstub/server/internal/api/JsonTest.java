package dev.ovstub.server.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request route's JSON: answers byte for byte what Jackson's default writer wrote before (the wire contract),
 * and bodies read as strictly as Jackson's default reader read them.
 */
class JsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private static final List<String> AWKWARD_STRINGS = List.of("", "plain", "quote \" and backslash \\",
            "slash / stays", "tab\tnew\nline\rreturn\bback\fform", "nul \u0000 unit \u001f del \u007f",
            "é ü 中文 😀", "lone \ud800 and \udc00 surrogates", "line sep \u2028 para \u2029", "<script>&'</script>", "x".repeat(1000));

    @Test
    void stringsAreWrittenByteForByteAsJacksonWroteThem() throws Exception {
        for (String s : AWKWARD_STRINGS) {
            ObjectNode node = JACKSON.createObjectNode().put("data", s).put("n", 42L).put("ok", true).putNull("url");
            String ours = Json.object().put("data", s).put("n", 42L).put("ok", true).put("url", (String) null).toJson();

            assertThat(ours.getBytes(StandardCharsets.UTF_8)).as(s).isEqualTo(JACKSON.writeValueAsBytes(node));
        }
    }

    @Test
    void anArrayOfStringsAndRawArraysAreWrittenAsJacksonWroteThem() throws Exception {
        assertThat(Json.stringArray(List.of("a", "b\"c"))).isEqualTo(JACKSON.writeValueAsString(List.of("a", "b\"c")));
        assertThat(Json.stringArray(List.of())).isEqualTo("[]");
        assertThat(Json.object().put("count", 2).putRawArray("items", List.of("{\"a\":1}", "{\"b\":2}")).toJson())
                .isEqualTo("{\"count\":2,\"items\":[{\"a\":1},{\"b\":2}]}");
        assertThat(Json.object().putRawArray("items", List.of()).toJson()).isEqualTo("{\"items\":[]}");
    }

    @Test
    void whatIsWrittenReadsBackToTheSameStrings() throws Exception {
        for (String s : AWKWARD_STRINGS) {
            Object back = Json.parse(Json.object().put("data", s).toJson());

            assertThat(back).isEqualTo(Map.of("data", s));
        }
    }

    @Test
    void bodiesReadIntoMapsListsAndScalarsInDocumentOrder() throws Exception {
        Object v = Json.parse(" {\"b\": [1, -2.5e3, true, false, null, \"x\\u00e9\\/\"], \"a\": {\"c\": {}}, \"d\": []}\n");

        assertThat(v).isInstanceOf(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        assertThat(m.keySet()).containsExactly("b", "a", "d");
        @SuppressWarnings("unchecked")
        List<Object> b = (List<Object>) m.get("b");
        assertThat(b).containsExactly(new Json.NumberText("1"), new Json.NumberText("-2.5e3"), true, false, Json.NULL, "xé/");
        assertThat(Json.kind(m.get("a"))).isEqualTo("object");
        assertThat(Json.kind(m.get("d"))).isEqualTo("array");
        assertThat(Json.write(m.get("b"))).isEqualTo("[1,-2.5e3,true,false,null,\"xé/\"]");
    }

    @Test
    void aRepeatedNameKeepsTheLastValueAsJacksonDid() throws Exception {
        assertThat(Json.parse("{\"a\":1,\"a\":\"two\"}")).isEqualTo(Map.of("a", "two"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\":", "{\"a\":1}}", "{\"a\":1} {}", "{a:1}", "{'a':1}", "{\"a\":01}",
            "{\"a\":1.}", "{\"a\":-}", "{\"a\":1e}", "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}", "{\"a\":1,}",
            "[1,]", "{\"a\" 1}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}", "{\"a\":\"unterminated}", "not json",
            "{\"a\":\"raw\ttab\"}", "{\"a\":NaN}", "{\"a\":1 /* comment */}", "{\"a\":+1}"})
    void malformedJsonIsRefusedWithAMessageSayingWhere(String body) {
        assertThatThrownBy(() -> Json.parse(body))
                .isInstanceOf(Json.MalformedException.class)
                .hasMessageContaining("at line 1, column");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "\"s\"", "0", "-0.5", "1E+2", "true", "null", "{\"a\":[{\"b\":[]}]}"})
    void wellFormedJsonIsAccepted(String body) throws Exception {
        Object ours = Json.parse(body);

        assertThat(Json.write(ours)).isEqualTo(body);
    }

    @Test
    void nestingDeeperThanFiveHundredIsRefusedNotAStackOverflow() throws Exception {
        String deep = "[".repeat(20_000) + "]".repeat(20_000);
        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(Json.MalformedException.class).hasMessageContaining("nesting");
        String ok = "[".repeat(500) + "]".repeat(500);
        assertThat(Json.parse(ok)).isInstanceOf(List.class);
    }
}
