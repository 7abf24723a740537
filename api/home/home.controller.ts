import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '../auth/allow.decorator';

/** Plain links and the web UI's stylesheet: nothing runs and nothing loads from elsewhere. */
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const HOME_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Provenant</title>
  <link rel="icon" href="/ui/favicon.svg" type="image/svg+xml">
  <link rel="stylesheet" href="/ui/ui.css">
</head>
<body>
  <main id="main">
    <h1>Provenant</h1>
    <p>Auditable ML model lifecycles on Temporal: datasets, pipeline runs, approvals, deployments and drift, over one GraphQL API.</p>
    <ul>
      <li><a href="/ui">Web UI</a>: pipeline runs, the approval queue, lineage and provenance.</li>
      <li><a href="/graphiql">GraphiQL</a>: explore and query the GraphQL API at <code>/graphql</code> with a bearer token.</li>
      <li>Prometheus metrics at <code>/metrics</code> (an operator's bearer token or <code>PROVENANT_METRICS_TOKEN</code>).</li>
      <li>Documentation: <code>docs/README.md</code> in the repository, linked from its README.</li>
    </ul>
  </main>
</body>
</html>
`;

/** `GET /`: where a browser pointed at the API's address lands, instead of a 404. */
@Controller()
export class HomeController {
  @Get()
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
  @Header('X-Content-Type-Options', 'nosniff')
  home(): string {
    return HOME_PAGE;
  }
}
