# shellcheck shell=bash
# Source this file, then:  JAVA_HOME="$(nabla_find_jdk)" || exit 1
#
# nabla_find_jdk prints the home of a JDK (bin/java and bin/javac) whose major
# version is >= 25: $JAVA_HOME if it qualifies, otherwise the newest one under
# $NABLA_JVM_DIR (default /usr/lib/jvm). A JAVA_HOME that is too old is ignored.
# If none is found it prints one line on stderr and returns 1.

# Prints the Java version of the JDK in $1 (e.g. 25.0.3), or nothing if $1 is
# not a JDK. Reads the JDK's release file; runs its java only if that fails.
nabla_jdk_version() {
  local dir=$1 v=
  [[ -x $dir/bin/java && -x $dir/bin/javac ]] || return 0
  if [[ -f $dir/release ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$dir/release")
  fi
  if [[ -z $v ]]; then
    v=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 |
      sed -n 's/^ *java\.specification\.version = *//p') || true
  fi
  printf '%s\n' "$v"
}

# Prints the major version of a Java version: 25.0.3 -> 25, 1.8.0_392 -> 8, "" -> 0.
nabla_java_major() {
  local v=$1
  if [[ $v == 1.* ]]; then v=${v#1.}; fi
  v=${v%%[!0-9]*}
  printf '%s\n' "${v:-0}"
}

nabla_find_jdk() {
  local min=25 jvm_dir=${NABLA_JVM_DIR:-/usr/lib/jvm} dir v best='' best_v=''
  if [[ -n ${JAVA_HOME:-} ]]; then
    v=$(nabla_jdk_version "$JAVA_HOME")
    if (( $(nabla_java_major "$v") >= min )); then
      printf '%s\n' "${JAVA_HOME%/}"
      return 0
    fi
  fi
  for dir in "$jvm_dir"/*/; do
    dir=${dir%/}
    v=$(nabla_jdk_version "$dir")
    (( $(nabla_java_major "$v") >= min )) || continue
    # Keep the highest version; sort -V orders 25.0.10 after 25.0.9.
    if [[ -z $best || ($v != "$best_v" &&
          $(printf '%s\n' "$best_v" "$v" | sort -V | tail -n 1) == "$v") ]]; then
      best=$dir best_v=$v
    fi
  done
  if [[ -n $best ]]; then
    printf '%s\n' "$best"
    return 0
  fi
  echo "nabla: JDK $min or newer is required but none was found" \
    "(JAVA_HOME=${JAVA_HOME:-<unset>}, looked in $jvm_dir)." \
    "Install one, e.g. 'apt-get install temurin-25-jdk' or 'openjdk-25-jdk', or set JAVA_HOME." >&2
  return 1
}
