{
  "variables": {
    "netioapi_bench%": "<!(node -p \"process.env.NETIOAPI_BENCH === '1' ? 1 : 0\")",
    "netioapi_sources": [
      "src-native/addon.cc",
      "src-native/entrypoints.cc",
      "src-native/status.cc",
      "src-native/marshal.cc",
      "src-native/interfaces.cc",
      "src-native/routes.cc",
      "src-native/neighbors.cc",
      "src-native/addresses.cc",
      "src-native/ipinterfaces.cc",
      "src-native/notifications.cc",
      "src-native/bench.cc",
      "src-native/adapters.cc",
      "src-native/icmp.cc",
      "src-native/sockets.cc",
      "src-native/declarations.cc",
      "src-native/dns.cc",
      "src-native/connectivity.cc",
      "src-native/tables.cc",
      "src-native/compartments.cc",
      "src-native/statistics.cc",
      "src-native/operation.cc",
      "src-native/ospool.cc"
    ],
    "netioapi_defines": [
      "NAPI_VERSION=8",
      "NAPI_CPP_EXCEPTIONS",
      "NODE_ADDON_API_CPP_EXCEPTIONS_ALL",
      "NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS",
      "NODE_ADDON_API_DISABLE_DEPRECATED",
      "UNICODE",
      "_UNICODE",
      "WIN32_LEAN_AND_MEAN",
      "NOMINMAX",
      "_WIN32_WINNT=0x0A00"
    ]
  },
  "targets": [
    {
      "target_name": "netioapi",
      "conditions": [
        [
          "OS=='win'",
          {
            "sources": [
              "<@(netioapi_sources)"
            ],
            "include_dirs": [
              "<!(node -p \"require('node-addon-api').include_dir\")"
            ],
            "defines": [
              "<@(netioapi_defines)",
              "_HAS_EXCEPTIONS=1"
            ],
            "msvs_settings": {
              "VCCLCompilerTool": {
                "ExceptionHandling": 1,
                "WarningLevel": 4,
                "TreatWChar_tAsBuiltInType": "true",
                "AdditionalOptions": [
                  "/std:c++17",
                  "/sdl",
                  "/guard:cf",
                  "/Qspectre",
                  "/utf-8",
                  "/W4",
                  "/wd4100"
                ]
              },
              "VCLinkerTool": {
                "AdditionalOptions": [
                  "/guard:cf",
                  "/DYNAMICBASE",
                  "/NXCOMPAT"
                ]
              }
            },
            "conditions": [
              [
                "netioapi_bench==1",
                {
                  "defines": [
                    "NETIOAPI_BENCH"
                  ]
                }
              ],
              [
                "target_arch!='arm64'",
                {
                  "msvs_settings": {
                    "VCLinkerTool": {
                      "AdditionalOptions": [
                        "/CETCOMPAT"
                      ]
                    }
                  }
                }
              ]
            ]
          },
          {
            "type": "none"
          }
        ]
      ]
    }
  ]
}
