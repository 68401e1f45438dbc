/* Anchor translation unit for libLapisMlirCApi.so: every symbol comes from the
   whole-archived libMLIRCAPI*.a; this file only gives CMake a source to compile. */
extern "C" int lapis_mlir_capi_shim_anchor(void) { return 22; }
