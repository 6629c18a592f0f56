#pragma once
// Random streams live in core/common (every module draws from them); kept here for includes.
#include "core/common/random.h"
