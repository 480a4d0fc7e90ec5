#!/bin/sh
# Starts the catalog index job (btl-index.jar, the same job as `btl index`) from the environment
# an AWS Batch job or a SageMaker processing job gives.
#   BTL_CATALOG  catalog location: s3://bucket/prefix or a folder (default: the SageMaker
#                processing input /opt/ml/processing/input/catalog when it exists)
#   BTL_OUT      index location: s3://bucket/prefix or a folder (default: the SageMaker
#                processing output /opt/ml/processing/output)
#   BTL_EMBEDDER default (infra/models/embedder), histogram, or a model folder
#   BTL_BASE     optional: a published version whose unchanged vectors are reused
#   BTL_DEVICE   auto (default), cpu or gpu
#   BTL_JAR      the job's jar (default /opt/btl/btl-index.jar)
# Any arguments are passed on to the job after these (see `java -jar btl-index.jar --help`).
set -eu
catalog=${BTL_CATALOG:-}
out=${BTL_OUT:-}
if [ -z "$catalog" ] && [ -d /opt/ml/processing/input/catalog ]; then
  catalog=/opt/ml/processing/input/catalog
fi
if [ -z "$out" ] && [ -d /opt/ml/processing ]; then
  out=/opt/ml/processing/output
fi
if [ -z "$catalog" ] || [ -z "$out" ]; then
  echo "btl-index: set BTL_CATALOG and BTL_OUT (s3://bucket/prefix or folders)" >&2
  exit 2
fi
set -- --catalog "$catalog" --out "$out" --embedder "${BTL_EMBEDDER:-default}" "$@"
if [ -n "${BTL_BASE:-}" ]; then
  set -- "$@" --base "$BTL_BASE"
fi
# Heap for decoded images and the category being assembled; the rest is for native memory.
exec java -XX:MaxRAMPercentage=60 --add-modules jdk.incubator.vector \
  -jar "${BTL_JAR:-/opt/btl/btl-index.jar}" "$@"
