# livehost's container image: the release `livehost` and the demo's example
# components, on Debian slim, run as an unprivileged user with its data on a
# volume. Build and run: docs/deploy.md ("In a container").
#
# The image serves experiments; it does not build them. `livehost build`'s
# tools (componentize-py for Python; node, esbuild and componentize-js for
# JavaScript) stay on the researcher's machine, which uploads the finished
# component (`livehost upload`, or the console at /admin).

# --- Builder: the toolchain rust-toolchain.toml pins (1.95.0), with the
# wasm32-wasip2 target for the examples.
FROM rust:1.95.0-bookworm AS build
# host/build.rs installs Bootstrap (pinned in host/assets/bootstrap/) with
# npm from the npm registry.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The toolchain first, so that a change to the sources keeps this layer:
# `rustup toolchain install` reads rust-toolchain.toml and adds its target.
COPY rust-toolchain.toml ./
RUN rustup toolchain install
COPY . .
# The host (release profile: no debug info), then the components the demo
# serves (host/src/service.rs, DEMO_EXAMPLES) with the guest profile, as
# README's demo command builds them. The caches are BuildKit's: a rebuild
# recompiles only what changed.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --locked --release -p livehost \
 && cargo build --locked --profile guest --target wasm32-wasip2 \
        -p auction -p tic-tac-toe -p chat -p ten-messages -p bid-validation \
        -p countdown -p shared-counter \
 && mkdir -p /out/examples \
 && cp target/release/livehost /out/ \
 && for c in auction tic_tac_toe chat ten_messages bid_validation countdown shared_counter; do \
        cp "target/wasm32-wasip2/guest/$c.wasm" /out/examples/; \
    done

# --- Runtime: the binary needs only the C library (TLS roots are built in).
FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --user-group --home-dir /data --no-create-home livehost \
 && mkdir -p /data && chown livehost:livehost /data && chmod 0700 /data
COPY --from=build /out/livehost /usr/local/bin/livehost
COPY --from=build /out/examples/ /usr/local/share/livehost/examples/
USER livehost
WORKDIR /data
# The data file, its generated admin token (if none is given) and the
# compiled-component cache (livehost-cache/, next to the data file).
VOLUME ["/data"]
ENV LIVEHOST_LISTEN=0.0.0.0:8000 \
    LIVEHOST_DATA=/data/livehost.redb \
    RUST_LOG=livehost=info,warn
EXPOSE 8000
# No curl or wget in the image: bash asks /healthz itself. It assumes the
# port above; change it too if LIVEHOST_LISTEN names another.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8000 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"ok\"' <&3"]
# SIGTERM (docker stop) lets livehost finish calls in flight and commit:
# give it time with `docker stop -t 30`.
STOPSIGNAL SIGTERM
ENTRYPOINT ["livehost"]
CMD ["serve"]
