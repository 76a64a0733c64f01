#include "cli/main.h"

int main(int argc, char** argv) { return fluxlint::cli::Main(argc, argv); }
