#ifndef FLUXLINT_CLI_MAIN_H_
#define FLUXLINT_CLI_MAIN_H_

namespace fluxlint::cli {

/// The whole program: parses argv, runs a subcommand, returns the exit status
/// (0 clean, 1 findings at or above --fail-on, 2 usage/config/repository error).
int Main(int argc, char** argv);

}  // namespace fluxlint::cli

#endif  // FLUXLINT_CLI_MAIN_H_
