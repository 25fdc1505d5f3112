package io.infer.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code infer} command. */
@Command(name = "infer",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Native LLM inference on the JVM: GGUF Qwen3 models on the GPU (HIP/CUDA kernels via FFM) or CPU.",
        subcommands = {
            InfoCommand.class,
            TokenizeCommand.class,
            RunCommand.class,
            LogitsCommand.class,
            SynthCommand.class,
            ServeCommand.class,
            BenchCommand.class,
            CompareCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        if (!VectorModuleLauncher.vectorModulePresent()) {
            int code = VectorModuleLauncher.relaunch(args);
            if (code >= 0) {
                System.exit(code);
            }
            System.err.println("error: the Vector API module is missing: run with java --add-modules jdk.incubator.vector -jar infer.jar");
            System.exit(1);
        }
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // expected failures (bad file, bad option value, no GPU) are one clear line, not a stack trace
            cmd.getErr().println("error: " + describe(ex));
            if (System.getenv("INFER_DEBUG") != null) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        try {
            return cl.execute(args);
        } catch (Error e) {
            // picocli hands Errors through; a missing JDK module or native library must still end in one clear line
            System.err.println("error: " + describe(e));
            if (System.getenv("INFER_DEBUG") != null) {
                e.printStackTrace();
            }
            return 1;
        }
    }

    static String describe(Throwable ex) {
        String msg = ex.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = ex.getClass().getSimpleName();
        } else if (ex instanceof LinkageError) {
            msg = ex.getClass().getSimpleName() + ": " + msg + " (is this a full JDK 25? a jlink'd runtime needs java.desktop for chat templates)";
        }
        return ex instanceof java.nio.file.NoSuchFileException ? "no such file: " + msg : msg;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"infer " + (v == null ? "dev" : v) + " (Java " + Runtime.version() + ")"};
        }
    }
}
