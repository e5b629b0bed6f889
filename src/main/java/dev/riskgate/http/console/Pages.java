package dev.riskgate.http.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Renders the console's templates, compiled into the jar at build time (src/main/jte). */
final class Pages {

    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

    void render(RoutingContext ctx, int status, String template, Map<String, Object> model) {
        StringOutput out = new StringOutput();
        templates.render(template, model, out);
        ctx.response().setStatusCode(status).putHeader("content-type", "text/html; charset=utf-8").end(out.toString());
    }

    static void redirect(RoutingContext ctx, String to) {
        ctx.response().setStatusCode(303).putHeader("location", to).end();
    }
}
