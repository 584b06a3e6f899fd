#!/usr/bin/env bash
# Fills $G (default gpu-run/, ignored by git) for nabla-cuda/device-check.sh: the built CLI and its jars,
# this module's test classes and JUnit's jars, the scripts, a jlink'd JDK 25 (JRE=path/to/jre.tar.xz) and
# Fashion-MNIST (DATA=dir). The device tool copies the checkout it runs from: stage into that one's gpu-run/.
# Build first: ./mvnw -B -q -pl nabla-core,nabla-cuda,nabla-cli package -DskipTests && ./mvnw -B -q -pl nabla-cuda test-compile
set -eu
cd "$(dirname "$0")/.."
JRE=${JRE:?the jlink runtime, e.g. JRE=../main/gpu-run/jre.tar.xz}
DATA=${DATA:?the Fashion-MNIST IDX folder}
G=${G:-gpu-run}
rm -rf "$G/app" "$G/test-classes" "$G/testlib"
mkdir -p "$G/app" "$G/testlib" "$G/data"
cp nabla-cli/target/nabla-cli.jar "$G/app/" && cp -r nabla-cli/target/lib "$G/app/"
cp -r nabla-cuda/target/test-classes "$G/test-classes"
cp nabla-cuda/device-check.sh nabla-bench/pytorch/fashion_mlp_cuda.py examples/digits.json "$G/"
./mvnw -B -q -pl nabla-cuda dependency:build-classpath -Dmdep.outputFile=/tmp/nabla-cuda-test-cp.txt -Dmdep.includeScope=test
tr ':' '\n' < /tmp/nabla-cuda-test-cp.txt | grep -E '/(org/junit|org/opentest4j|org/apiguardian)/' | xargs -I{} cp {} "$G/testlib/"
[ -f "$G/jre.tar.xz" ] || cp "$JRE" "$G/jre.tar.xz"
cp -n "$DATA"/train-*.gz "$DATA"/t10k-*.gz "$G/data/" 2>/dev/null || cp -n "$DATA"/* "$G/data/"
du -sh "$G"
