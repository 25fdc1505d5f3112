package io.infer.chat;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import jinjava.javax.el.CompositeELResolver;

/**
 * Renders a GGUF's {@code tokenizer.chat_template} the way Hugging Face transformers does with Jinja2:
 * {@code trim_blocks}, {@code lstrip_blocks}, loop controls, {@code tojson} as Python's
 * {@code json.dumps(ensure_ascii=False)}, {@code raise_exception}, {@code strftime_now}, Python string methods and
 * slices, {@code bos_token} empty by default. Thread-safe: each render uses its own interpreter.
 */
public final class ChatTemplate {

    private final String source;
    private final String prepared;
    private final Jinjava jinjava;
    private final String bosToken;
    private final String eosToken;

    private ChatTemplate(String source, String bosToken, String eosToken) {
        this.source = source;
        this.prepared = TemplateSource.preprocess(source);
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonMethodResolver());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withElResolver(resolver)
                .withFailOnUnknownTokens(false)
                // Jinja2 semantics Jinjava only follows when asked: {{- -}} trims, and the parser's precedence.
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withKeepNullableLoopValues(true)
                        .build())
                .build();
        this.jinjava = new Jinjava(config);
        var globals = jinjava.getGlobalContext();
        globals.registerFilter(new ToJsonFilter());
        globals.registerFilter(new ItemsFilter());
        globals.registerFunction(new ELFunctionDefinition("", "__py_slice", TemplateFunctions.class, "pySlice",
                Object.class, Object.class, Object.class));
        globals.registerFunction(new ELFunctionDefinition("", "raise_exception", TemplateFunctions.class,
                "raiseException", Object.class));
        globals.registerFunction(new ELFunctionDefinition("", "strftime_now", TemplateFunctions.class,
                "strftimeNow", Object.class));
    }

    /** A template with HF's defaults: {@code bos_token} and {@code eos_token} empty. */
    public static ChatTemplate of(String source) {
        return of(source, "", "");
    }

    public static ChatTemplate of(String source, String bosToken, String eosToken) {
        return new ChatTemplate(Objects.requireNonNull(source, "chat template"), bosToken == null ? "" : bosToken,
                eosToken == null ? "" : eosToken);
    }

    /** The template text as stored in the model. */
    public String source() {
        return source;
    }

    /**
     * Renders a conversation.
     *
     * @param messages            {@code {role, content, ...}} maps (content a string; tool_calls, reasoning_content
     *                            and tool_call_id pass through as given)
     * @param tools               OpenAI tool definitions, or null for none
     * @param addGenerationPrompt whether to open the assistant turn
     * @param kwargs              extra template variables ({@code chat_template_kwargs}: {@code enable_thinking}...)
     */
    public String render(List<? extends Map<String, ?>> messages, List<?> tools, boolean addGenerationPrompt,
            Map<String, ?> kwargs) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("bos_token", bosToken);
        vars.put("eos_token", eosToken);
        if (kwargs != null) {
            vars.putAll(kwargs);
        }
        vars.put("messages", messages);
        if (tools != null && !tools.isEmpty()) {
            vars.put("tools", tools);
        }
        vars.put("add_generation_prompt", addGenerationPrompt);
        return render(vars);
    }

    /** Renders with exactly these variables. */
    public String render(Map<String, ?> variables) {
        RenderResult result;
        try {
            result = jinjava.renderForResult(prepared, new HashMap<>(variables));
        } catch (ChatTemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            ChatTemplateException raised = findRaised(e);
            throw raised != null ? raised : new ChatTemplateException("chat template failed: " + e.getMessage(), e);
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
                ChatTemplateException raised = findRaised(error.getException());
                throw raised != null ? raised : new ChatTemplateException("chat template error: " + error.getMessage());
            }
        }
        return result.getOutput();
    }

    private static ChatTemplateException findRaised(Throwable t) {
        for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
            if (t instanceof ChatTemplateException c) {
                return c;
            }
        }
        return null;
    }

    /** Jinja2's {@code items} filter: a mapping's (key, value) pairs, for {@code for k, v in d|items}. */
    private static final class ItemsFilter implements Filter {
        @Override
        public String getName() {
            return "items";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            if (var instanceof Map<?, ?> map) {
                return new java.util.ArrayList<Map.Entry<?, ?>>(map.entrySet());
            }
            return List.of();
        }
    }

    /** {@code tojson} as HF defines it: {@code json.dumps(x, ensure_ascii=False, indent=indent, sort_keys=...)}. */
    private static final class ToJsonFilter implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            Integer indent = args.length > 0 && args[0] != null ? Integer.parseInt(args[0].trim()) : null;
            return PyJson.dumps(var, indent, false);
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indentArg = kwargs.containsKey("indent") ? kwargs.get("indent") : args.length > 0 ? args[0] : null;
            Integer indent = indentArg instanceof Number n ? n.intValue()
                    : indentArg == null ? null : Integer.parseInt(indentArg.toString().trim());
            boolean sortKeys = Boolean.TRUE.equals(kwargs.get("sort_keys"));
            return PyJson.dumps(var, indent, sortKeys);
        }
    }
}
