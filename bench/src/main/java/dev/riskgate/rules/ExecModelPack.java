package dev.riskgate.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.drools.model.codegen.ExecutableModelProject;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

/**
 * A pack compiled with Drools' executable model (drools-model-compiler: constraints generated as Java
 * lambdas) instead of the mvel engine the service uses, for the engine comparison in RulesBenchmark.
 * Same DRL, parameters and resale goods; none of the loader's policy checks (the pack given has passed
 * them in the service's loader first). In the rules package of the bench jar because RulePack's
 * constructor and the parameter and catalog loaders are package-private.
 */
public final class ExecModelPack {

    private static final AtomicLong BUILDS = new AtomicLong();

    private ExecModelPack() {
    }

    public static RulePack load(Path dir) throws RulePackRejected {
        List<CompileError> errors = new ArrayList<>();
        Parameters params = Parameters.load(dir, errors);
        ResaleCatalog catalog = ResaleCatalog.load(dir, params, errors);
        Currencies currencies = Currencies.load(dir, params, errors);
        if (!errors.isEmpty()) {
            throw new RulePackRejected(errors);
        }
        KieServices ks = KieServices.get();
        ReleaseId id = ks.newReleaseId("dev.riskgate.bench", "exec-model", "1.0." + BUILDS.incrementAndGet());
        KieFileSystem kfs = ks.newKieFileSystem().generateAndWritePomXML(id);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path drl : files.filter(p -> p.toString().endsWith(".drl")).sorted().toList()) {
                kfs.write("src/main/resources/riskgate/rules/" + drl.getFileName(), Files.readString(drl));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(ExecutableModelProject.class);
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            errors.add(new CompileError(String.valueOf(m.getPath()), m.getLine(), null, m.getText()));
        }
        if (!errors.isEmpty()) {
            throw new RulePackRejected(errors);
        }
        return new RulePack(RulePackLoader.versionOf(dir) + "-exec", params, catalog, currencies, ks.newKieContainer(id),
                Instant.now(), List.of());
    }
}
