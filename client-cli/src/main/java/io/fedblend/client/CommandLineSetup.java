package io.fedblend.client;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Turns failures into one readable line on stderr and exit code 1; usage errors keep picocli's exit code 2. */
@ApplicationScoped
public class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        CommandLine commandLine = factory.create();
        IExecutionStrategy runCommand = commandLine.getExecutionStrategy();
        commandLine.setExecutionStrategy(parseResult -> runCommand.execute(refuseMisplacedOptions(parseResult)));
        commandLine.setExecutionExceptionHandler((e, failed, parseResult) -> {
            failed.getErr().println("error: " + describe(e));
            if (!(e instanceof CommandFailure) && System.getenv("FEDBLEND_DEBUG") != null) {
                e.printStackTrace(failed.getErr());
            }
            failed.getErr().flush();
            return 1;
        });
        return commandLine;
    }

    /**
     * The top command's options are those of the default command, train. Given before another command's name they
     * would be silently ignored, so they are a usage error instead.
     */
    private static ParseResult refuseMisplacedOptions(ParseResult parseResult) {
        if (parseResult.hasSubcommand()) {
            for (OptionSpec option : parseResult.matchedOptions()) {
                if (!option.usageHelp() && !option.versionHelp()) {
                    String command = parseResult.subcommand().commandSpec().name();
                    throw new ParameterException(parseResult.commandSpec().commandLine(), option.longestName()
                            + " goes after the command name: fedblend-client " + command + " " + option.longestName()
                            + " ...");
                }
            }
        }
        return parseResult;
    }

    /** The message chain, so a wrapped cause is not hidden behind a generic outer message. */
    static String describe(Throwable e) {
        if (e instanceof CommandFailure) {
            return e.getMessage();
        }
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                if (text.length() > 0) {
                    text.append(": ");
                }
                text.append(message);
            }
        }
        return text.toString();
    }
}
