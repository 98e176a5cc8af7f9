/**
 * The embedded Webex cloud sandbox: a local simulator of the parts of Webex a bot talks to, so the
 * gateway and third-party bot libraries run against it unchanged except for base URLs.
 *
 * <p>One HTTP server ({@link io.github.webexcamel.gateway.sandbox.WebexSandbox#baseUrl()}) serves:
 * <ul>
 *   <li>{@code /u2c/api/v1/catalog}, {@code /u2c/api/v1/limited/catalog} — service catalog (hostmap);</li>
 *   <li>{@code /wdm/api/v1/devices[/{uuid}]} — device registration;</li>
 *   <li>{@code /mercury/registrations/{uuid}/messages} — the Mercury WebSocket of a device;</li>
 *   <li>{@code /conversation/api/v1/messages/{activityUuid}} and {@code .../attachment/actions/{activityUuid}}
 *       — the resolvers webex_bot uses to turn an activity id into a public id;</li>
 *   <li>{@code /v1/...} — Hydra REST (people, messages, attachment actions, rooms, memberships, contents);</li>
 *   <li>{@code /sandbox/api/...} — the operator API (no auth, CORS for localhost): simulated users post,
 *       submit cards, share files; rooms, people, status, raw frames, faults, and Server-Sent Events.</li>
 * </ul>
 *
 * <p>Fidelity follows the "Simulator checklist" of the shared protocol reference: public ids are
 * unpadded url-safe base64 of {@code ciscospark://us/<TYPE>/<uuid>} (decoded leniently), a message id
 * decodes to the uuid of its post activity, group messages are visible to the bot only when they
 * mention it, and activities carry no {@code encryptionKeyUrl}. Webhooks ({@code /v1/webhooks}) deliver signed
 * {@code messages}/{@code attachmentActions} {@code created} events, retried on 5xx. Not simulated: TLS
 * ({@code wss://}), KMS encryption, multipart file uploads on {@code POST /v1/messages}.
 *
 * <p>Concurrency: all state is confined to the event loop of one internal verticle; Java operator
 * calls hop onto it. {@link io.github.webexcamel.gateway.sandbox.SandboxFaults} is the seam for fault
 * injection. {@link io.github.webexcamel.gateway.sandbox.SandboxMain} runs a sandbox in its own JVM.
 */
package io.github.webexcamel.gateway.sandbox;
