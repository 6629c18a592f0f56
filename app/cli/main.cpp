#include <cstdio>
int main() { std::puts("rsmi " RSMI_VERSION); return 0; }
