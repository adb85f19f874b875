# Sourced by the bench scripts from the repository root: builds the bench module and its dependencies (test-compile
# with tests skipped lets the reactor resolve engine's test-jar dependency without packaging; online, so a fresh clone
# after the README's set-up resolves the dependency plugin too), sets CP and FLAGS and prints host, Java and commit.
./mvnw -B -q -pl bench -am test-compile dependency:build-classpath -Dmaven.test.skip=true \
  -Dmdep.outputFile="$PWD/bench/target/classpath.txt" -Dmdep.includeScope=runtime
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
source bench/java-flags.sh
echo "host: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "java: $(java -version 2>&1 | head -1)"
echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
