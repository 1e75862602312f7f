#!/usr/bin/env bash
# Cross-builds tradeseal.dll (x86_64-pc-windows-gnu) for MetaTrader 5; see README "MetaTrader 5".
source "$(dirname "$0")/mql5-env.sh"
mql5_build_dll
