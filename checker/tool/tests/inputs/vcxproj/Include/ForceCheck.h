/* Forced into every file by Driver.vcxproj (written there as
   include\forcecheck.h): parsing fails unless the project was read as the
   WDK's MSBuild targets read it. */
#ifndef NDIS630
#error "NDIS630 missing: the _NT_TARGET_VERSION condition was not evaluated"
#endif
#if !defined(DRV_FROM_PROPS) || !defined(DRV_FROM_DIRECTORY_BUILD_PROPS)
#error "a property sheet was not imported"
#endif
#if !defined(_KERNEL_MODE) || !defined(_AMD64_) || KMDF_VERSION_MINOR != 15
#error "the defines of the driver kind are missing"
#endif
