package io.infer.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void nameNamesTheKindWhenNoKindIsGiven() {
        Target t = Target.parse("infer=http://127.0.0.1:8080");
        assertEquals("infer", t.name());
        assertEquals(Api.INFER, t.api());
        assertEquals("http://127.0.0.1:8080", t.base().toString());
        assertEquals(Api.LLAMA, Target.parse("llama=http://h:8081/").api());
        assertEquals("http://h:8081", Target.parse("llama=http://h:8081/").base().toString());
        assertEquals(Api.VLLM, Target.parse("vllm=http://h:8000").api());
        assertEquals(Api.LMSTUDIO, Target.parse("lm-studio=http://h:1234").api());
    }

    @Test
    void explicitKindBeforeTheUrl() {
        Target t = Target.parse("ollama=ollama:http://10.0.0.2:11434");
        assertEquals(Api.OLLAMA, t.api());
        assertEquals("http://10.0.0.2:11434/api/generate", t.resolve("/api/generate").toString());
        Target v = Target.parse("box2=vllm:https://gpu.example:8000");
        assertEquals("box2", v.name());
        assertEquals(Api.VLLM, v.api());
        assertEquals("https://gpu.example:8000", v.base().toString());
    }

    @Test
    void unknownNameIsAGenericOpenAiServer_andASchemeIsAdded() {
        Target t = Target.parse("mine=localhost:9000");
        assertEquals(Api.OPENAI, t.api());
        assertEquals("http://localhost:9000", t.base().toString());
        assertEquals(Api.LLAMA, Target.parse("x=llama-server:127.0.0.1:8081").api());
    }

    @Test
    void malformedSpecsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Target.parse("http://127.0.0.1:8080"));
        assertThrows(IllegalArgumentException.class, () -> Target.parse("=http://h:1"));
        assertThrows(IllegalArgumentException.class, () -> Target.parse("a="));
        assertThrows(IllegalArgumentException.class, () -> Target.parse("a=http://"));
    }
}
