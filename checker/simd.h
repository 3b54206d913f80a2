/*
 * simd.h — whether the SSE2 fast paths are built, and asking for memory ahead.
 *
 * FL_SSE2 is defined where the compiler targets SSE2 (every x86-64), unless
 * FACTLINT_NO_SIMD asks for the portable code alone: the tests build the library
 * that way too, so that the code other processors run is checked on this one.
 *
 * FL_PREFETCH(address) asks for the cache line at `address` to be read ahead of its
 * use, where the compiler can; it never faults, whatever the address.
 */
#ifndef FL_SIMD_H
#define FL_SIMD_H

#if defined(__SSE2__) && !defined(FACTLINT_NO_SIMD)
#define FL_SSE2 1
#include <emmintrin.h>
#endif

#if defined(__GNUC__)
#define FL_PREFETCH(address) __builtin_prefetch(address)
#else
#define FL_PREFETCH(address) ((void)(address))
#endif

#endif
